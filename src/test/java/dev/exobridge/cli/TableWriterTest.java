package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableWriterTest {
    /** Decimals as BigDecimal nodes, as the library makes them for System.Decimal. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static List<String> table(String... values) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8);
        TableWriter w = new TableWriter(out);
        for (String v : values) {
            w.write(JSON.readTree(v));
        }
        w.finish();
        w.finish();
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void alignsColumnsFromAllSampledRows() throws Exception {
        assertThat(table("{\"Name\":\"alpha\",\"Size\":1}", "{\"Name\":\"b\",\"Extra\":[1,2]}"))
                .containsExactly("", "Name  Size Extra", "----  ---- -----", "alpha 1", "b          {1, 2}");
    }

    @Test
    void cutsLongCellsButNotTheLastColumn() throws Exception {
        String longText = "x".repeat(80);
        List<String> lines = table("{\"A\":\"" + longText + "\",\"B\":\"" + longText + "\"}");
        assertThat(lines.get(3)).startsWith("x".repeat(57) + "... ").endsWith(longText);
    }

    @Test
    void scalarsAreLinesAndNestedValuesCompactJson() throws Exception {
        assertThat(table("\"plain\"", "42", "null", "12345678901234567890.5", "{\"o\":{\"k\":\"line1\\nline2\"}}"))
                .containsExactly("plain", "42", "", "12345678901234567890.5", "", "o", "-",
                        "{\"k\":\"line1\\nline2\"}");
    }

    @Test
    void rowsAfterTheSampleKeepTheColumns() throws Exception {
        String[] rows = new String[TableWriter.SAMPLE + 2];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = "{\"i\":" + i + "}";
        }
        List<String> lines = table(rows);
        assertThat(lines).hasSize(3 + rows.length);
        assertThat(lines.get(lines.size() - 1)).isEqualTo(Integer.toString(rows.length - 1));
    }
}
