package dev.exobridge.psrp.clixml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The {@code _xHHHH_} text escape of CLIXML. {@link #pwshEncode} restates what pwsh 7.6 writes
 * (checked char by char over U+0000..U+FFFF, see {@link CliXmlPwshAgreementTest}); decoding
 * its output must give back every UTF-16 string, lone surrogates included.
 */
class CliXmlEscapePropertiesTest {

    /** PowerShell's escape: C0 and C1 controls, DEL, surrogate halves, and "_" before x/X as _x005F_. */
    static String pwshEncode(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean underscoreX = c == '_' && i + 1 < s.length() && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X');
            if (c <= 0x1F || (c >= 0x7F && c <= 0x9F) || Character.isSurrogate(c) || c >= 0xFFFE || underscoreX) {
                sb.append(String.format("_x%04X_", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Any UTF-16 text, rich in the characters that make escapes and near-escapes. */
    @Provide
    Arbitrary<String> texts() {
        Arbitrary<Character> tricky = Arbitraries.of('_', 'x', 'X', '0', '0', '4', '1', 'D', '8', 'f', 'F', '\n', '\t');
        Arbitrary<Character> any = Arbitraries.chars().range(Character.MIN_VALUE, Character.MAX_VALUE);
        Arbitrary<Character> surrogates = Arbitraries.chars().range('\uD800', '\uDFFF');
        return Arbitraries.frequencyOf(Tuple.of(5, tricky), Tuple.of(4, any), Tuple.of(1, surrogates))
                .list().ofMaxSize(40)
                .map(cs -> {
                    StringBuilder sb = new StringBuilder(cs.size());
                    cs.forEach(sb::append);
                    return sb.toString();
                });
    }

    @Property(tries = 2000)
    void decodingWhatPwshWritesGivesTheTextBack(@ForAll("texts") String s) {
        assertThat(XmlConvertDecode.decode(pwshEncode(s))).isEqualTo(s);
    }

    @Property(tries = 2000)
    void readingAStringElementPwshWouldWriteGivesTheTextBack(@ForAll("texts") String s) {
        String xml = "<Obj RefId=\"0\"><MS><S N=\"" + xmlEscape(pwshEncode(s)) + "\">" + xmlEscape(pwshEncode(s)) + "</S></MS></Obj>";
        PsObject o = (PsObject) new CliXmlReader(null).read(xml);
        assertThat(o.extendedProperties()).containsOnlyKeys(s);
        assertThat(o.property(s)).isEqualTo(PsPrimitive.string(s));
    }

    @Property(tries = 1000)
    void decodingNeverFails(@ForAll("texts") String s) {
        assertThat(catchThrowable(() -> XmlConvertDecode.decode(s))).isNull();
    }

    @Property(tries = 1000)
    void textWithoutUnderscoreIsLeftAlone(@ForAll("texts") String s) {
        String plain = s.replace('_', '-');
        assertThat(XmlConvertDecode.decode(plain)).isSameAs(plain);
    }

    /** The writer of this package must write what this reader reads back exactly (values and names). */
    @Property(tries = 2000)
    void writerThenReaderGivesTheTextBack(@ForAll("texts") String s) {
        assertWriterRoundTrip(s);
    }

    @Example
    void writerEscapesAnUpperCaseUnderscoreX() {
        // pwsh decodes "_X0041_" as "A", so a writer must escape "_X" as it does "_x".
        assertWriterRoundTrip("_X0041_");
    }

    @Example
    void decodesAsDotNetDoes() {
        assertThat(XmlConvertDecode.decode("_x41_ _x0041 _x00410_ _xZZZZ_")).isEqualTo("_x41_ _x0041 _x00410_ _xZZZZ_");
        assertThat(XmlConvertDecode.decode("_X0041_ _x0001F600_ _xd83d__xde00_ __x0041_ _x0041__x0042_"))
                .isEqualTo("A \uD83D\uDE00 \uD83D\uDE00 _A AB");
        assertThat(XmlConvertDecode.decode("_x00000041_ _x0000D800_ _x00110000_ _x00110000_x0041_"))
                .isEqualTo("A \uD800 _x00110000_ _x00110000_x0041_");
    }

    private static void assertWriterRoundTrip(String s) {
        CliXmlReader reader = new CliXmlReader(null);
        assertThat(reader.read(new CliXmlWriter().value(null, s).toXml())).isEqualTo(PsPrimitive.string(s));
        if (!s.isEmpty()) {
            String xml = new CliXmlWriter().startObj(null, List.of("T"), null).startMs().value(s, 1).endMs().endObj().toXml();
            assertThat(((PsObject) reader.read(xml)).extendedProperties()).containsOnlyKeys(s);
        }
    }

    private static String xmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
