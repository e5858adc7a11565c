package dev.exobridge.psrp.clixml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed CLIXML: always a CliXmlException whose message says what was wrong, never a hang. */
class CliXmlReaderMalformedTest {
    private final CliXmlReader reader = new CliXmlReader(null);

    static Stream<Arguments> malformed() {
        return Stream.of(
                // XML itself
                Arguments.of("", "malformed XML"),
                Arguments.of("<I32>1", "malformed content inside <I32>: XML document structures must start and end"),
                Arguments.of("<Obj RefId=\"0\"><MS><I32 N=\"a\">1</I32>", "malformed content inside <MS>"),
                Arguments.of("<Obj><MS><I32 N=\"a\">1</MS></Obj>", "must be terminated by the matching end-tag \"</I32>\""),
                Arguments.of("<S><B>true</B></S>", "<S> must hold only text, not elements"),
                Arguments.of("<I32>1</I32><I32>2</I32>", "malformed XML"),
                Arguments.of("<S>&#1;</S>", "is an invalid XML character"),
                Arguments.of("<S>&foo;</S>", "The entity \"foo\" was referenced, but not declared"),
                Arguments.of("<Obj>text</Obj>", "malformed content inside <Obj>"),
                Arguments.of("<!DOCTYPE S [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><S>&e;</S>", "a DTD is not allowed"),
                Arguments.of("<!DOCTYPE S [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;\">]><S>&b;</S>",
                        "a DTD is not allowed"),
                // structure
                Arguments.of("<Foo />", "unknown element <Foo>"),
                Arguments.of("<Obj><Foo /></Obj>", "unexpected element <Foo> inside <Obj>"),
                Arguments.of("<Obj><Nil /></Obj>", "unexpected element <Nil> inside <Obj>"),
                Arguments.of("<Obj><MS><I32>1</I32></MS></Obj>", "<I32> lacks its N attribute"),
                Arguments.of("<Obj><TN><S>x</S></TN></Obj>", "unexpected element <S> inside <TN>"),
                Arguments.of("<Obj><TNRef RefId=\"3\" /></Obj>", "<TNRef RefId=\"3\"> refers to no earlier <TN>"),
                Arguments.of("<Ref RefId=\"9\" />", "<Ref RefId=\"9\"> refers to no earlier <Obj>"),
                Arguments.of("<Ref />", "<Ref> lacks its RefId attribute"),
                Arguments.of("<Obj><TN><T>a</T></TN><TN><T>b</T></TN></Obj>", "more than one <TN>/<TNRef>"),
                Arguments.of("<Obj><LST /><DCT /></Obj>", "more than one collection"),
                Arguments.of("<Obj><I32>1</I32><S>x</S></Obj>", "more than one base value"),
                Arguments.of("<Obj><DCT><S>x</S></DCT></Obj>", "unexpected element <S> inside <DCT>, expected <En>"),
                Arguments.of("<Obj><DCT><En><S N=\"Key\">a</S></En></DCT></Obj>", "<En> lacks its Value"),
                Arguments.of("<Obj><DCT><En><S N=\"Key\">a</S><S N=\"Key\">b</S></En></DCT></Obj>", "repeated N=\"Key\""),
                Arguments.of("<Nil>x</Nil>", "<Nil> must be empty"),
                Arguments.of("<PR><XX>1</XX></PR>", "unexpected element <XX> inside <PR>"),
                Arguments.of("<PR><AI>x</AI></PR>", "<AI> in <PR> holds \"x\", not an integer"),
                Arguments.of("<SS>AAAA</SS>", "a SecureString arrived but no session key was exchanged"),
                // numbers and other lexical forms
                Arguments.of("<I32>abc</I32>", "<I32> holds \"abc\", not an integer"),
                Arguments.of("<I32>1.0</I32>", "not an integer"),
                Arguments.of("<I32>\u0661</I32>", "not an integer"),
                Arguments.of("<I32>2147483648</I32>", "out of range [-2147483648, 2147483647]"),
                Arguments.of("<I64>9223372036854775808</I64>", "out of range"),
                Arguments.of("<By>256</By>", "out of range [0, 255]"),
                Arguments.of("<SB>128</SB>", "out of range"),
                Arguments.of("<U16>-1</U16>", "out of range"),
                Arguments.of("<U64>-1</U64>", "out of range"),
                Arguments.of("<U64>18446744073709551616</U64>", "out of range"),
                Arguments.of("<C>65536</C>", "out of range [0, 65535]"),
                Arguments.of("<B>True</B>", "not a Boolean"),
                Arguments.of("<Db>inf</Db>", "not a Double"),
                Arguments.of("<Db>1.5d</Db>", "not a Double"),
                Arguments.of("<Db>0x1p3</Db>", "not a Double"),
                Arguments.of("<Sg></Sg>", "not a Single"),
                Arguments.of("<D>1E+3</D>", "not a Decimal"),
                Arguments.of("<D>79228162514264337593543950336</D>", "out of the range of a Decimal"),
                Arguments.of("<DT>2022-09-28T22:13:20.12345678Z</DT>", "not a DateTime"),
                Arguments.of("<DT>2022-02-30T00:00:00</DT>", "not a valid date and time"),
                Arguments.of("<DT>2022-09-28</DT>", "not a DateTime"),
                Arguments.of("<TS>P</TS>", "not an xs:duration"),
                Arguments.of("<TS>PT</TS>", "not an xs:duration"),
                Arguments.of("<TS>1H</TS>", "not an xs:duration"),
                Arguments.of("<TS>PT0.12345678S</TS>", "not an xs:duration"),
                Arguments.of("<TS>P99999999999999D</TS>", "outside the range of a TimeSpan"),
                Arguments.of("<G>xyz</G>", "not a Guid"),
                Arguments.of("<G>{6ba7b810-9dad-11d1-80b4-00c04fd430c8</G>", "not a Guid"),
                Arguments.of("<Version>1</Version>", "not a Version"),
                Arguments.of("<BA>!!</BA>", "not base64"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformed")
    void saysWhatIsWrong(String xml, String message) {
        assertThatThrownBy(() -> reader.read(xml)).isInstanceOf(CliXmlException.class)
                .hasMessageStartingWith("CLIXML: ")
                .hasMessageContaining(message)
                .hasMessageContaining("(line ");
    }

    @Test
    void objsDocumentsNeedTheirRoot() {
        assertThatThrownBy(() -> reader.readObjs("<I32>1</I32>")).isInstanceOf(CliXmlException.class)
                .hasMessageContaining("expected an <Objs> document, found <I32>");
        assertThatThrownBy(() -> reader.readObjs("<Objs><I32>x</I32></Objs>")).isInstanceOf(CliXmlException.class)
                .hasMessageContaining("<I32> holds \"x\"");
    }

    @Test
    void valuesBeforeAFaultAreStreamedThenTheFaultIsRaised() {
        java.util.List<PsValue> seen = new java.util.ArrayList<>();
        assertThatThrownBy(() -> reader.readObjs("<Objs><I32>1</I32><I32>2</I32><Oops /></Objs>", seen::add))
                .isInstanceOf(CliXmlException.class).hasMessageContaining("unknown element <Oops>");
        assertThat(seen).containsExactly(PsPrimitive.int32(1), PsPrimitive.int32(2));
    }

    @Test
    void aSinkExceptionPassesUnchanged() {
        IllegalStateException boom = new IllegalStateException("sink");
        Throwable t = catchThrowable(() -> reader.readObjs("<Objs><I32>1</I32></Objs>", v -> {
            throw boom;
        }));
        assertThat(t).isSameAs(boom);
    }

    @Test
    @Timeout(10)
    void deepNestingIsRefusedNotAStackOverflow() {
        String open = "<Obj RefId=\"0\"><LST>".repeat(100_000);
        assertThatThrownBy(() -> reader.read(open + "<Nil />")).isInstanceOf(CliXmlException.class)
                .hasMessageContaining("nested deeper than " + CliXmlReader.MAX_NESTING);
        String ok = "<Obj><LST>".repeat(250) + "<Nil />" + "</LST></Obj>".repeat(250);
        assertThat(reader.read(ok)).isInstanceOf(PsObject.class);
    }

    @Test
    @Timeout(30)
    void everyTruncationOfARealDocumentFailsCleanly() {
        String doc = """
                <Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">
                  <Obj RefId="0"><TN RefId="0"><T>System.DateTimeOffset</T><T>System.Object</T></TN>
                    <ToString>09/28/2022 22:13:20 +05:30</ToString>
                    <Props><DT N="DateTime">2022-09-28T22:13:20.0000001</DT><TS N="Offset">PT5H30M</TS>
                      <Obj N="DayOfWeek" RefId="1"><TN RefId="1"><T>System.DayOfWeek</T><T>System.Enum</T></TN>
                        <ToString>Wednesday</ToString><I32>3</I32></Obj></Props>
                    <MS><Obj N="d" RefId="2"><DCT><En><S N="Key">k_x000A_</S><Ref N="Value" RefId="0" /></En></DCT></Obj>
                      <Obj N="l" RefId="3"><TNRef RefId="1" /><LST><Db>-INF</Db><U64>18446744073709551615</U64></LST></Obj></MS>
                  </Obj>
                </Objs>""";
        assertThat(reader.readObjs(doc)).hasSize(1);
        int endOfContent = doc.lastIndexOf("</Objs>");
        for (int i = 0; i < endOfContent; i++) {
            String prefix = doc.substring(0, i);
            Throwable t = catchThrowable(() -> reader.readObjs(prefix));
            assertThat(t).as("prefix of %d chars", i).isInstanceOf(CliXmlException.class);
        }
    }

    @Test
    void durationsAreRefusedBeyondATimeSpan() {
        assertThat(XsDuration.parse("P10675199DT2H48M5.4775807S")).isEqualTo(XsDuration.ofTicks(Long.MAX_VALUE));
        assertThatThrownBy(() -> XsDuration.parse("P10675199DT2H48M5.4775808S")).isInstanceOf(IllegalArgumentException.class);
        assertThat(XsDuration.format(Duration.ZERO)).isEqualTo("PT0S");
    }
}
