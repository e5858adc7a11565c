package dev.exobridge.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * How the CLI writes JSON: numbers exactly as the library made them (BigDecimal in plain
 * notation, as PowerShell prints a decimal), never closing stdout behind the caller's back.
 * Pretty form: two-space indents, one array element or object member a line. Compact form: one
 * line, for NDJSON and {@code --errors-as-json}.
 */
final class JsonOutput {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN, true)
            .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);

    /** Two-space indents, {@code "a": 1}, and {@code []} / {@code {}} when empty (Jackson's default: {@code [ ]}). */
    static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"));

    static final ObjectWriter COMPACT = MAPPER.writer();

    private JsonOutput() {
    }

    /** One value on one line, without the line end. */
    static String compact(JsonNode node) {
        try {
            return COMPACT.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One value, pretty, without a trailing line end. */
    static String pretty(JsonNode node) {
        try {
            return MAPPER.writer(PRETTY).writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
