package dev.exobridge.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exobridge.Secret;
import dev.exobridge.psrp.clixml.CliXmlReader;
import dev.exobridge.psrp.clixml.PsNull;
import dev.exobridge.psrp.clixml.PsObject;
import dev.exobridge.psrp.clixml.PsPrimitive;
import dev.exobridge.psrp.clixml.PsSecureString;
import dev.exobridge.psrp.clixml.PsType;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mapping rules of docs/json-mapping.md on hand-made values (the pwsh side is TypeTableTest). */
class PsJsonMapperTest {
    private final PsJsonMapper mapper = new PsJsonMapper();
    private final CliXmlReader reader = new CliXmlReader(null);

    private JsonNode json(String clixml) {
        return mapper.toJson(reader.read(clixml));
    }

    @Test
    void extendedPropertiesComeFirstAndWinOverAdaptedOnesIgnoringCase() {
        JsonNode j = json("""
                <Obj RefId="0"><TN RefId="0"><T>X.Y</T></TN><ToString>ts</ToString>
                <Props><S N="A">adaptedA</S><S N="B">adaptedB</S></Props><MS><S N="C">extC</S><S N="a">extA</S></MS></Obj>""");
        // pwsh on the same CLIXML: PSObject.Properties.Name = C,a,B and ConvertTo-Json {"C":"extC","a":"extA","B":"adaptedB"}
        assertThat(j.toString()).isEqualTo("{\"C\":\"extC\",\"a\":\"extA\",\"B\":\"adaptedB\"}");
    }

    @Test
    void numbersKeepTheirDotNetTypeAndEveryDigit() {
        assertThat(json("<U64>18446744073709551615</U64>").isBigInteger()).isTrue();
        assertThat(json("<U64>1</U64>").isBigInteger()).isTrue();
        assertThat(json("<I64>1</I64>").isLong()).isTrue();
        assertThat(json("<U32>1</U32>").isLong()).isTrue();
        assertThat(json("<I32>1</I32>").isInt()).isTrue();
        assertThat(json("<By>1</By>").isInt()).isTrue();
        assertThat(json("<D>1.50</D>").isBigDecimal()).isTrue();
        assertThat(json("<D>1.50</D>").decimalValue()).hasToString("1.50");
        assertThat(json("<Sg>1.1</Sg>").isFloat()).isTrue();
        assertThat(json("<Sg>1.1</Sg>").toString()).isEqualTo("1.1");
        assertThat(json("<Db>-INF</Db>").textValue()).isEqualTo("-Infinity");
        assertThat(json("<Sg>INF</Sg>").textValue()).isEqualTo("Infinity");
    }

    @Test
    void dictionaryKeysAreText() {
        JsonNode j = json("""
                <Obj RefId="0"><DCT>
                  <En><I32 N="Key">1</I32><S N="Value">int</S></En>
                  <En><B N="Key">false</B><S N="Value">bool</S></En>
                  <En><Db N="Key">1.5</Db><S N="Value">double</S></En>
                  <En><D N="Key">0.0000001</D><S N="Value">decimal</S></En>
                  <En><Obj N="Key" RefId="1"><TN RefId="1"><T>System.ConsoleColor</T><T>System.Enum</T></TN><ToString>Red</ToString><I32>12</I32></Obj><S N="Value">enum</S></En>
                  <En><Obj N="Key" RefId="2"><TN RefId="2"><T>System.Object[]</T></TN><LST><I32>1</I32></LST></Obj><S N="Value">list</S></En>
                  <En><S N="Key">1</S><S N="Value">replaces int</S></En>
                </DCT></Obj>""");
        // A later key with the same text replaces the value and keeps the first position.
        assertThat(j.toString()).isEqualTo("{\"1\":\"replaces int\",\"false\":\"bool\",\"1.5\":\"double\","
                + "\"0.0000001\":\"decimal\",\"Red\":\"enum\",\"System.Object[]\":\"list\"}");
    }

    @Test
    void collectionsAreArraysWhateverElseTheyCarry() {
        JsonNode j = json("""
                <Obj RefId="0"><TN RefId="0"><T>System.Collections.Generic.HashSet`1[[System.String]]</T></TN>
                <IE><S>a</S></IE><Props><I32 N="Count">1</I32></Props></Obj>""");
        assertThat(j.toString()).isEqualTo("[\"a\"]");
    }

    @Test
    void aPrimitiveWithNotesIsThePrimitive() {
        assertThat(json("<Obj RefId=\"0\"><I32>5</I32><MS><S N=\"n\">x</S></MS></Obj>").toString()).isEqualTo("5");
        assertThat(json("<Obj RefId=\"0\"><DT>2020-01-01T00:00:00</DT><MS><S N=\"DisplayHint\">DateTime</S></MS></Obj>").textValue())
                .isEqualTo("2020-01-01T00:00:00");
    }

    @Test
    void anObjectWithOnlyAToStringIsItsText() {
        assertThat(json("<Obj RefId=\"0\"><TN RefId=\"0\"><T>A</T></TN><ToString>text</ToString></Obj>").textValue()).isEqualTo("text");
        assertThat(json("<Obj RefId=\"0\"><TN RefId=\"0\"><T>A</T></TN></Obj>").toString()).isEqualTo("{}");
    }

    @Test
    void secureStringsAreNull() {
        PsSecureString ss = new PsSecureString(Secret.of("pw"));
        assertThat(mapper.toJson(ss).isNull()).isTrue();
        assertThat(mapper.toJson(new PsObject().baseValue(ss).extendedProperty("n", PsPrimitive.int32(1))).isNull()).isTrue();
        assertThat(mapper.toJson(null).isNull()).isTrue();
        assertThat(mapper.toJson(PsNull.INSTANCE).isNull()).isTrue();
    }

    @Test
    void cyclesAreCutAtTheFirstRepetitionWithTheText() {
        JsonNode list = json("<Obj RefId=\"0\"><TN RefId=\"0\"><T>System.Object[]</T></TN><LST><I32>1</I32><Ref RefId=\"0\" /></LST></Obj>");
        assertThat(list.toString()).isEqualTo("[1,\"System.Object[]\"]");
        PsObject a = new PsObject().toStringValue("I am a");
        a.extendedProperty("self", a);
        assertThat(mapper.toJson(a).toString()).isEqualTo("{\"self\":\"I am a\"}");
        assertThat(mapper.toJson(new PsObject().extendedProperty("x", new PsObject().extendedProperty("y", PsNull.INSTANCE)))
                .toString()).isEqualTo("{\"x\":{\"y\":null}}");
    }

    @Test
    void objectsDeeperThanMaxDepthAreTheirText() {
        PsObject c = new PsObject().typeNames(List.of("C")).extendedProperty("v", PsPrimitive.int32(1));
        PsObject b = new PsObject().toStringValue("b's text").extendedProperty("c", c);
        PsObject a = new PsObject().extendedProperty("b", b);
        PsJsonMapper shallow = new PsJsonMapper(JsonOptions.defaults().withMaxDepth(1));
        assertThat(shallow.toJson(a).toString()).isEqualTo("{\"b\":{\"c\":\"C\"}}");
        assertThat(new PsJsonMapper(JsonOptions.defaults().withMaxDepth(0)).toJson(a).toString()).isEqualTo("{\"b\":\"b's text\"}");
        assertThat(mapper.toJson(a).toString()).isEqualTo("{\"b\":{\"c\":{\"v\":1}}}");
    }

    @Test
    void knownTypesAlsoWhenDeserializedTwice() {
        JsonNode dto = json("""
                <Obj RefId="0"><TN RefId="0"><T>Deserialized.System.DateTimeOffset</T></TN><ToString>x</ToString>
                <Props><DT N="DateTime">2020-01-02T03:04:05.5</DT><TS N="Offset">-PT3H30M</TS></Props></Obj>""");
        assertThat(dto.textValue()).isEqualTo("2020-01-02T03:04:05.5000000-03:30");
        assertThat(json("<Obj RefId=\"0\"><TN RefId=\"0\"><T>Deserialized.System.IO.FileAttributes</T><T>Deserialized.System.Enum</T></TN>"
                + "<ToString>ReadOnly</ToString><I32>1</I32></Obj>").textValue()).isEqualTo("ReadOnly");
        assertThat(json("<Obj RefId=\"0\"><TN RefId=\"0\"><T>System.Enum</T></TN><I32>1</I32></Obj>").toString()).isEqualTo("1");
        assertThat(json("<Obj RefId=\"0\"><TN RefId=\"0\"><T>System.Numerics.BigInteger</T></TN><ToString>-123</ToString></Obj>")
                .bigIntegerValue()).isEqualTo(BigInteger.valueOf(-123));
        assertThat(json("<Obj RefId=\"0\"><TN RefId=\"0\"><T>System.Management.Automation.SwitchParameter</T></TN>"
                + "<ToString>True</ToString></Obj>").booleanValue()).isTrue();
    }

    @Test
    void primitivesMapByTypeNotByValue() {
        assertThat(mapper.toJson(new PsPrimitive(PsType.CHAR, '\u00e9')).textValue()).isEqualTo("\u00e9");
        assertThat(mapper.toJson(new PsPrimitive(PsType.BYTE_ARRAY, new byte[] {1, 2})).textValue()).isEqualTo("AQI=");
    }

    @Test
    void optionsAreValidated() {
        assertThat(JsonOptions.defaults().maxDepth()).isEqualTo(JsonOptions.DEFAULT_MAX_DEPTH);
        assertThat(JsonOptions.defaults().withMaxDepth(3)).isEqualTo(JsonOptions.defaults().withMaxDepth(3));
        assertThatThrownBy(() -> JsonOptions.defaults().withMaxDepth(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonOptions.defaults().withMaxDepth(JsonOptions.MAX_DEPTH_LIMIT + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
