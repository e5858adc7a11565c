package dev.exobridge.psrp.clixml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * The text escape against real pwsh, in one process: how pwsh escapes every UTF-16 unit, and random
 * strings (lone surrogates, controls, underscores) serialised by pwsh as values and as property
 * names, which the reader must give back exactly.
 */
class CliXmlPwshAgreementTest {
    private static final int STRINGS = 300;

    @Test
    void readerGivesBackWhatPwshSerialised() {
        List<String> texts = randomTexts(new Random(20261125), STRINGS);
        // Every UTF-16 unit pwsh can write (not U+FFFE/U+FFFF), in one string.
        StringBuilder script = new StringBuilder("Emit 'all' ([string]::new([char[]](0..0xFFFD)))\n");
        for (int i = 0; i < texts.size(); i++) {
            String chars = "([string]::new([char[]]@(" + codes(texts.get(i)) + ")))";
            script.append("Emit 's").append(i).append("' ").append(chars).append('\n');
            if (!texts.get(i).isEmpty()) {
                script.append("$o = [pscustomobject]@{}; $o.PSObject.Properties.Add([psnoteproperty]::new(").append(chars)
                        .append(", 1)); Emit 'n").append(i).append("' $o\n");
            }
        }
        Map<String, String> docs = PwshSerialize.emit(script.toString());

        StringBuilder all = new StringBuilder();
        for (char c = 0; c <= 0xFFFD; c++) {
            all.append(c);
        }
        // pwsh escapes exactly as CliXmlEscapePropertiesTest.pwshEncode restates, and we read it back.
        assertThat(docs.get("all")).contains("<S>" + xmlText(CliXmlEscapePropertiesTest.pwshEncode(all.toString())) + "</S>");
        CliXmlReader reader = new CliXmlReader(null);
        assertThat(reader.readObjs(docs.get("all"))).containsExactly(PsPrimitive.string(all.toString()));
        for (int i = 0; i < texts.size(); i++) {
            String s = texts.get(i);
            assertThat(reader.readObjs(docs.get("s" + i))).as("value %d", i).containsExactly(PsPrimitive.string(s));
            assertThat(docs.get("s" + i)).as("pwsh's escape of %d", i).contains("<S>" + xmlText(CliXmlEscapePropertiesTest.pwshEncode(s)) + "</S>");
            if (!s.isEmpty()) {
                PsObject o = (PsObject) reader.readObjs(docs.get("n" + i)).get(0);
                assertThat(o.extendedProperties()).as("name %d", i).containsOnlyKeys(s);
            }
        }
    }

    /** Random texts over all of UTF-16 but U+FFFE/U+FFFF, biased to underscores, x, hex digits and surrogates. */
    private static List<String> randomTexts(Random random, int count) {
        String tricky = "_xX0123456789ABCDEFabcdef_\n\t\r\u0000";
        List<String> texts = new ArrayList<>(List.of("", "_x0041_", "_X0041_", "_x", "\uD800", "\uDC00\uD800", "\uD83D\uDE00"));
        while (texts.size() < count) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(24);
            for (int i = 0; i < length; i++) {
                int pick = random.nextInt(10);
                char c = pick < 5 ? tricky.charAt(random.nextInt(tricky.length()))
                        : pick < 7 ? (char) (0xD800 + random.nextInt(0x800))
                        : (char) random.nextInt(0xFFFE);
                sb.append(c);
            }
            texts.add(sb.toString());
        }
        return texts;
    }

    private static String codes(String s) {
        StringJoiner j = new StringJoiner(",");
        s.chars().forEach(c -> j.add(Integer.toString(c)));
        return j.toString();
    }

    private static String xmlText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
