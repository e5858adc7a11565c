package dev.exobridge.psrp.clixml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The reader on hand-written CLIXML: each element, references, namespaces, streaming. */
class CliXmlReaderTest {
    private static final String NS = "xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"";
    private final CliXmlReader reader = new CliXmlReader(null);

    static Stream<Arguments> primitives() {
        return Stream.of(
                Arguments.of("<S>  a b  </S>", PsType.STRING, "  a b  "),
                Arguments.of("<S />", PsType.STRING, ""),
                Arguments.of("<S>&lt;&amp;&#x41;<![CDATA[<x>]]></S>", PsType.STRING, "<&A<x>"),
                Arguments.of("<S>a_x000A_b_x005F_x0041_</S>", PsType.STRING, "a\nb_x0041_"),
                Arguments.of("<C>65</C>", PsType.CHAR, 'A'),
                Arguments.of("<C>55357</C>", PsType.CHAR, '\uD83D'),
                Arguments.of("<B>true</B>", PsType.BOOLEAN, true),
                Arguments.of("<B> 0 </B>", PsType.BOOLEAN, false),
                Arguments.of("<By>255</By>", PsType.UNSIGNED_BYTE, (short) 255),
                Arguments.of("<SB>-128</SB>", PsType.SIGNED_BYTE, (byte) -128),
                Arguments.of("<U16>65535</U16>", PsType.UINT16, 65535),
                Arguments.of("<I16>-32768</I16>", PsType.INT16, (short) -32768),
                Arguments.of("<U32>4294967295</U32>", PsType.UINT32, 4294967295L),
                Arguments.of("<I32> +7 </I32>", PsType.INT32, 7),
                Arguments.of("<U64>18446744073709551615</U64>", PsType.UINT64, new BigInteger("18446744073709551615")),
                Arguments.of("<I64>-9223372036854775808</I64>", PsType.INT64, Long.MIN_VALUE),
                Arguments.of("<Sg>1.1</Sg>", PsType.FLOAT, 1.1f),
                Arguments.of("<Sg>1E-45</Sg>", PsType.FLOAT, Float.MIN_VALUE),
                Arguments.of("<Db>NaN</Db>", PsType.DOUBLE, Double.NaN),
                Arguments.of("<Db>INF</Db>", PsType.DOUBLE, Double.POSITIVE_INFINITY),
                Arguments.of("<Db>-INF</Db>", PsType.DOUBLE, Double.NEGATIVE_INFINITY),
                Arguments.of("<Db>Infinity</Db>", PsType.DOUBLE, Double.POSITIVE_INFINITY),
                Arguments.of("<Db>-0</Db>", PsType.DOUBLE, -0.0),
                Arguments.of("<Db>1.7976931348623157E+308</Db>", PsType.DOUBLE, Double.MAX_VALUE),
                Arguments.of("<Db>5E-324</Db>", PsType.DOUBLE, Double.MIN_VALUE),
                Arguments.of("<D>-79228162514264337593543950335</D>", PsType.DECIMAL, new BigDecimal("-79228162514264337593543950335")),
                Arguments.of("<D>0.1234567890123456789012345678</D>", PsType.DECIMAL, new BigDecimal("0.1234567890123456789012345678")),
                Arguments.of("<BA>AAEC/w==</BA>", PsType.BYTE_ARRAY, new byte[] {0, 1, 2, (byte) 255}),
                Arguments.of("<BA></BA>", PsType.BYTE_ARRAY, new byte[0]),
                Arguments.of("<G>6ba7b810-9dad-11d1-80b4-00c04fd430c8</G>", PsType.GUID, UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8")),
                Arguments.of("<G>{6BA7B810-9DAD-11D1-80B4-00C04FD430C8}</G>", PsType.GUID, UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8")),
                Arguments.of("<URI>http://x/_x005F_x0041_</URI>", PsType.URI, "http://x/_x0041_"),
                Arguments.of("<Version>1.2.3.4</Version>", PsType.VERSION, "1.2.3.4"),
                Arguments.of("<XD>&lt;a&gt;_x0009_&lt;/a&gt;</XD>", PsType.XML_DOCUMENT, "<a>\t</a>"),
                Arguments.of("<SBK> echo _x0022_ </SBK>", PsType.SCRIPT_BLOCK, " echo \" "),
                Arguments.of("<TS>PT1H2M3.4567891S</TS>", PsType.DURATION, Duration.ofSeconds(3723, 456_789_100)),
                Arguments.of("<TS>P1DT2H</TS>", PsType.DURATION, Duration.ofHours(26)),
                Arguments.of("<TS>-PT5S</TS>", PsType.DURATION, Duration.ofSeconds(-5)),
                Arguments.of("<TS>-P10675199DT2H48M5.4775808S</TS>", PsType.DURATION, XsDuration.ofTicks(Long.MIN_VALUE)),
                Arguments.of("<TS>P1Y1M</TS>", PsType.DURATION, Duration.ofDays(395)),
                Arguments.of("<DT>2022-09-28T22:13:20.0000001Z</DT>", PsType.DATE_TIME,
                        new PsDateTime(LocalDateTime.of(2022, 9, 28, 22, 13, 20, 100), PsDateTime.Kind.UTC, ZoneOffset.UTC)),
                Arguments.of("<DT>2022-09-28T22:13:20.5+05:30</DT>", PsType.DATE_TIME,
                        new PsDateTime(LocalDateTime.of(2022, 9, 28, 22, 13, 20, 500_000_000), PsDateTime.Kind.LOCAL,
                                ZoneOffset.ofHoursMinutes(5, 30))),
                Arguments.of("<DT>0001-01-01T00:00:00</DT>", PsType.DATE_TIME,
                        new PsDateTime(LocalDateTime.of(1, 1, 1, 0, 0), PsDateTime.Kind.UNSPECIFIED, null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("primitives")
    void readsEveryPrimitive(String xml, PsType type, Object expected) {
        assertThat(reader.read(xml)).isEqualTo(new PsPrimitive(type, expected));
    }

    @Test
    void readsTheReferencesToFffeAndFfffThatPwshWritesThoughXmlForbidsThem() {
        assertThat(reader.read("<S>a&#xFFFE;b&#xffff;c&#65534;&#x41;</S>")).isEqualTo(PsPrimitive.string("a\uFFFEb\uFFFFc\uFFFEA"));
        assertThat(CliXmlReader.nonCharacterReferencesEscaped("<S>&amp;#xFFFE; &#xFFFD; &#;&#xZZ;</S>"))
                .as("other references and look-alikes untouched").isEqualTo("<S>&amp;#xFFFE; &#xFFFD; &#;&#xZZ;</S>");
        assertThat(reader.read("<S>x_x005F_xFFFE_</S>")).as("a literal escape stays literal").isEqualTo(PsPrimitive.string("x_xFFFE_"));
    }

    @Test
    void readsNilAndSkipsBomCommentsAndDeclaration() {
        assertThat(reader.read("<Nil />")).isSameAs(PsNull.INSTANCE);
        assertThat(reader.read("\uFEFF<I32>1</I32>")).isEqualTo(PsPrimitive.int32(1));
        assertThat(reader.read("<?xml version=\"1.0\"?><!-- c --><I32>1</I32><!-- c -->")).isEqualTo(PsPrimitive.int32(1));
    }

    @Test
    void readsAnObjectWithTypeNamesToStringAndBothKindsOfProperties() {
        PsObject o = (PsObject) reader.read("""
                <Obj RefId="0"><TN RefId="0"><T>My_x0009_Type</T><T>System.Object</T></TN>
                  <ToString>a_x000A_b</ToString>
                  <Props><I32 N="X">1</I32><Nil N="Empty" /></Props>
                  <MS><S N="a_x000A_b">y</S><Obj N="Inner" RefId="1"><TNRef RefId="0" /><MS><B N="Z">true</B></MS></Obj></MS>
                </Obj>""");
        assertThat(o.typeNames()).containsExactly("My\tType", "System.Object");
        assertThat(o.toStringValue()).isEqualTo("a\nb");
        assertThat(o.adaptedProperties()).containsExactly(
                org.assertj.core.api.Assertions.entry("X", PsPrimitive.int32(1)),
                org.assertj.core.api.Assertions.entry("Empty", PsNull.INSTANCE));
        assertThat(o.extendedProperties()).containsKeys("a\nb", "Inner");
        PsObject inner = (PsObject) o.property("Inner");
        assertThat(inner.typeNames()).containsExactly("My\tType", "System.Object");
        assertThat(inner.property("Z")).isEqualTo(PsPrimitive.bool(true));
    }

    @Test
    void resolvesRefsToTheSameInstanceIncludingCycles() {
        PsObject list = (PsObject) reader.read("""
                <Obj RefId="0"><LST>
                  <Obj RefId="1"><MS><I32 N="a">1</I32></MS></Obj>
                  <Ref RefId="1" />
                  <Ref RefId="0" />
                </LST></Obj>""");
        assertThat(list.container()).isEqualTo(PsObject.Container.LIST);
        assertThat(list.items().get(1)).isSameAs(list.items().get(0));
        assertThat(list.items().get(2)).isSameAs(list);
    }

    @Test
    void readsDictionariesWithAnyKeysInOrder() {
        PsObject d = (PsObject) reader.read("""
                <Obj RefId="0"><TN RefId="0"><T>System.Collections.Specialized.OrderedDictionary</T></TN><DCT>
                  <En><S N="Key">z</S><I32 N="Value">1</I32></En>
                  <En><I32 N="Value">2</I32><I32 N="Key">3</I32></En>
                </DCT></Obj>""");
        assertThat(d.container()).isEqualTo(PsObject.Container.DICTIONARY);
        assertThat(d.entries()).containsExactly(
                new PsObject.Entry(PsPrimitive.string("z"), PsPrimitive.int32(1)),
                new PsObject.Entry(PsPrimitive.int32(3), PsPrimitive.int32(2)));
    }

    @Test
    void readsEveryCollectionKind() {
        for (String tag : List.of("LST", "IE", "STK", "QUE")) {
            PsObject o = (PsObject) reader.read("<Obj RefId=\"0\"><" + tag + "><I32>1</I32><S>x</S></" + tag + "></Obj>");
            assertThat(o.items()).containsExactly(PsPrimitive.int32(1), PsPrimitive.string("x"));
        }
        assertThat(((PsObject) reader.read("<Obj RefId=\"0\"><STK /></Obj>")).container()).isEqualTo(PsObject.Container.STACK);
        assertThat(((PsObject) reader.read("<Obj RefId=\"0\"><IE /></Obj>")).container()).isEqualTo(PsObject.Container.ENUMERABLE);
        assertThat(((PsObject) reader.read("<Obj RefId=\"0\"><QUE /></Obj>")).container()).isEqualTo(PsObject.Container.QUEUE);
    }

    @Test
    void readsAPrimitiveInsideAnObjectAsItsBaseValue() {
        PsObject e = (PsObject) reader.read("""
                <Obj RefId="0"><TN RefId="0"><T>System.IO.FileAttributes</T><T>System.Enum</T></TN>
                <ToString>ReadOnly, Hidden</ToString><I32>3</I32></Obj>""");
        assertThat(e.baseValue()).isEqualTo(PsPrimitive.int32(3));
        assertThat(e.toStringValue()).isEqualTo("ReadOnly, Hidden");
    }

    @Test
    void readsAProgressRecordAsAnObject() {
        PsObject pr = (PsObject) reader.read(
                "<PR><AV>a_x0009_b</AV><AI>1</AI><Nil /><PI>-1</PI><PC>-1</PC><T>Processing</T><SR>-1</SR><SD>s</SD></PR>");
        assertThat(pr.typeNames()).first().isEqualTo("System.Management.Automation.ProgressRecord");
        assertThat(pr.extendedProperties()).containsOnlyKeys("Activity", "ActivityId", "CurrentOperation",
                "ParentActivityId", "PercentComplete", "RecordType", "SecondsRemaining", "StatusDescription");
        assertThat(pr.property("Activity")).isEqualTo(PsPrimitive.string("a\tb"));
        assertThat(pr.property("CurrentOperation")).isSameAs(PsNull.INSTANCE);
    }

    @Test
    void readsObjsDocumentsWithTheirNamespaceAndStreamsThem() {
        String doc = "<Objs Version=\"1.1.0.1\" " + NS + ">\n  <I32>1</I32>\n  <Obj RefId=\"0\"><MS><S N=\"a\">x</S></MS></Obj>\n"
                + "  <Ref RefId=\"0\" />\n</Objs>";
        List<PsValue> seen = new ArrayList<>();
        reader.readObjs(doc, seen::add);
        assertThat(seen).hasSize(3);
        assertThat(seen.get(2)).isSameAs(seen.get(1));
        assertThat(reader.readObjs(doc)).hasSize(3);
        assertThat(reader.readObjs("<Objs Version=\"1.1.0.1\" " + NS + " />")).isEmpty();
    }

    @Test
    void decryptsSecureStringsWithTheCipher() {
        SecureStringCipher base64 = new SecureStringCipher() {
            @Override
            public String encrypt(char[] text) {
                return Base64.getEncoder().encodeToString(new String(text).getBytes(StandardCharsets.UTF_16LE));
            }

            @Override
            public char[] decrypt(String b64) {
                return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_16LE).toCharArray();
            }
        };
        PsValue v = new CliXmlReader(base64).read("<SS>" + base64.encrypt("pw".toCharArray()) + "</SS>");
        assertThat(v).isInstanceOf(PsSecureString.class);
        assertThat(((PsSecureString) v).secret().reveal()).containsExactly('p', 'w');
    }

    @Test
    void refusesASecureStringWithoutSessionKeyAndHidesCipherFailures() {
        assertThatThrownBy(() -> reader.read("<SS>AAAA</SS>")).isInstanceOf(CliXmlException.class)
                .hasMessageContaining("a SecureString arrived but no session key was exchanged");
        SecureStringCipher broken = new SecureStringCipher() {
            @Override
            public String encrypt(char[] text) {
                throw new UnsupportedOperationException();
            }

            @Override
            public char[] decrypt(String b64) {
                throw new IllegalStateException("bad padding");
            }
        };
        assertThatThrownBy(() -> new CliXmlReader(broken).read("<SS>AAAA</SS>")).isInstanceOf(CliXmlException.class)
                .hasMessageContaining("could not decrypt a SecureString (IllegalStateException)");
    }

    @Test
    void serializerHexCipherReadsWhatPsSerializerWrites() {
        SecureStringCipher hex = CliXmlReader.serializerHexCipher();
        // pwsh: [PSSerializer]::Serialize((ConvertTo-SecureString "a😀" -AsPlainText -Force)) -> <SS>61003dd800de</SS>
        assertThat(hex.decrypt("61003dd800de")).containsExactly('a', '\uD83D', '\uDE00');
        assertThat(hex.encrypt("a\uD83D\uDE00".toCharArray())).isEqualTo("61003dd800de");
        assertThatThrownBy(() -> new CliXmlReader(hex).read("<SS>6100+d</SS>")).isInstanceOf(CliXmlException.class);
    }
}
