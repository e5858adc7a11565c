package dev.exobridge.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exobridge.psrp.clixml.CliXmlReader;
import dev.exobridge.psrp.clixml.PsValue;
import dev.exobridge.psrp.clixml.PwshSerialize;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The type table of docs/json-mapping.md against real pwsh: one pwsh process serialises every
 * case with PSSerializer (depth 2 unless said), and reader + mapper must give exactly the JSON
 * expected (compared as compact text, so number types and digits count).
 */
class TypeTableTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Statements run before the cases, for values that need more than an expression. */
    private static final String SETUP = """
            $al = [System.Collections.ArrayList]::new(); [void]$al.Add(1); [void]$al.Add('x')
            $st = [System.Collections.Stack]::new(); $st.Push(1); $st.Push(2)
            $q = [System.Collections.Queue]::new(); $q.Enqueue(1); $q.Enqueue(2)
            $cyc = @{}; $cyc.self = $cyc
            $shared = [pscustomobject]@{a=1}
            $pr = [System.Management.Automation.ProgressRecord]::new(1, 'act', 'stat')
            $pr.CurrentOperation = 'op'; $pr.PercentComplete = 50; $pr.SecondsRemaining = 3
            $item = Get-Item /
            $clash = Get-Item /; $clash | Add-Member -NotePropertyName Name -NotePropertyValue 'override' -Force
            foreach ($n in 'item', 'clash') {
              $d = [System.Management.Automation.PSSerializer]::Deserialize(
                [System.Management.Automation.PSSerializer]::Serialize((Get-Variable $n -ValueOnly), 1))
              EmitText "$n.names" ($d.PSObject.Properties.Name -join ',')
            }
            """;

    private final List<Case> cases = new ArrayList<>();

    private void exact(String name, String expression, String expectedJson) {
        cases.add(new Case(name, "Emit '" + name + "' " + expression, json -> assertThat(compact(json)).isEqualTo(expectedJson)));
    }

    private void text(String name, String expression, String expected) {
        cases.add(new Case(name, "Emit '" + name + "' " + expression, json -> {
            assertThat(json.isTextual()).as("textual: " + json).isTrue();
            assertThat(json.textValue()).isEqualTo(expected);
        }));
    }

    private void check(String name, String emit, Consumer<JsonNode> check) {
        cases.add(new Case(name, emit, check));
    }

    private void defineCases() {
        // integers, exact
        exact("int64min", "([int64]::MinValue)", "-9223372036854775808");
        exact("int64max", "([int64]::MaxValue)", "9223372036854775807");
        exact("uint64max", "([uint64]::MaxValue)", "18446744073709551615");
        exact("int32min", "([int]::MinValue)", "-2147483648");
        exact("uint32max", "([uint32]::MaxValue)", "4294967295");
        exact("int16min", "([int16]::MinValue)", "-32768");
        exact("uint16max", "([uint16]::MaxValue)", "65535");
        exact("byte", "([byte]200)", "200");
        exact("sbyte", "([sbyte]-5)", "-5");
        exact("bigInteger", "([System.Numerics.BigInteger]::Pow(2, 100))", "1267650600228229401496703205376");
        exact("bigIntegerNegative", "(-[System.Numerics.BigInteger]::Pow(10, 40))",
                "-10000000000000000000000000000000000000000");
        // decimals, every digit and the scale
        exact("decimalMax", "([decimal]::MaxValue)", "79228162514264337593543950335");
        exact("decimalMin", "([decimal]::MinValue)", "-79228162514264337593543950335");
        exact("decimal28", "(0.1234567890123456789012345678d)", "0.1234567890123456789012345678");
        exact("decimalScale", "(1.50d)", "1.50");
        // binary floating point
        exact("doubleNaN", "([double]::NaN)", "\"NaN\"");
        exact("doubleInf", "([double]::PositiveInfinity)", "\"Infinity\"");
        exact("doubleNegInf", "([double]::NegativeInfinity)", "\"-Infinity\"");
        exact("doubleMax", "([double]::MaxValue)", "1.7976931348623157E308");
        exact("doubleEpsilon", "([double]::Epsilon)", "4.9E-324");
        exact("doubleTenth", "(0.1)", "0.1");
        exact("single", "([single]1.1)", "1.1");
        exact("singleMax", "([single]::MaxValue)", "3.4028235E38");
        exact("singleNaN", "([single]::NaN)", "\"NaN\"");
        // the null-likes are null, as ConvertTo-Json writes them (they were "")
        exact("dbNullIsNull", "([DBNull]::Value)", "null");
        exact("nullStringIsNull", "([System.Management.Automation.Language.NullString]::Value)", "null");
        exact("nullLikesInAHashtableAreNull",
                "([ordered]@{d=[DBNull]::Value; n=[System.Management.Automation.Language.NullString]::Value})",
                "{\"d\":null,\"n\":null}");
        // records merged into the output, in the shape the CLI prints records in
        exact("warningMerged", "(Write-Warning 'careful' 3>&1)", "{\"stream\":\"warning\",\"message\":\"careful\"}");
        exact("informationMerged", "(Write-Information 'note' 6>&1)", "{\"stream\":\"information\",\"message\":\"note\"}");
        exact("hostTextMerged", "(Write-Host 'shown' 6>&1)", "{\"stream\":\"information\",\"message\":\"shown\"}");
        // other scalars
        exact("bool", "$true", "true");
        exact("char", "([char]'A')", "\"A\"");
        exact("guid", "([guid]'6ba7b810-9dad-11d1-80b4-00c04fd430c8')", "\"6ba7b810-9dad-11d1-80b4-00c04fd430c8\"");
        exact("version", "([version]'1.2.3.4')", "\"1.2.3.4\"");
        exact("semver", "([semver]'1.2.3-beta.1+build')", "\"1.2.3-beta.1+build\"");
        exact("uri", "([uri]'https://example.com/a?b=c&d=e')", "\"https://example.com/a?b=c&d=e\"");
        exact("bytes", "([byte[]](0, 1, 2, 255))", "\"AAEC/w==\"");
        exact("xml", "([xml]'<a b=\"1\"><c>t</c></a>')", "\"<a b=\\\"1\\\"><c>t</c></a>\"");
        exact("scriptblock", "({ echo \"hi\" })", "\" echo \\\"hi\\\" \"");
        exact("enum", "([System.ConsoleColor]::Red)", "\"Red\"");
        exact("enumFlags", "([System.IO.FileAttributes]'ReadOnly, Hidden')", "\"ReadOnly, Hidden\"");
        exact("switchOn", "([switch]$true)", "true");
        exact("switchOff", "([switch]$false)", "false");
        exact("null", "$null", "null");
        exact("emptyString", "''", "\"\"");
        exact("secureString", "(ConvertTo-SecureString 'pw' -AsPlainText -Force)", "null");
        // dates and durations
        exact("dateUtc", "([datetime]::new(638000000000000001, 'Utc'))", "\"2022-09-28T22:13:20.0000001Z\"");
        exact("dateLocal", "([datetime]::new(638000000000000001, 'Local'))", "\"2022-09-28T22:13:20.0000001+05:30\"");
        exact("dateUnspecified", "([datetime]::new(638000000000000001, 'Unspecified'))", "\"2022-09-28T22:13:20.0000001\"");
        exact("dateMax", "([datetime]::MaxValue)", "\"9999-12-31T23:59:59.9999999\"");
        exact("getDate", "(Get-Date -Date '2020-01-01')", "\"2020-01-01T00:00:00\"");
        exact("dateTimeOffset", "([datetimeoffset]::new([datetime]::new(638000000000000001), [timespan]'05:30:00'))",
                "\"2022-09-28T22:13:20.0000001+05:30\"");
        exact("dateTimeOffsetWest", "([datetimeoffset]::new([datetime]::new(2020, 1, 2, 3, 4, 5), [timespan]'-03:00:00'))",
                "\"2020-01-02T03:04:05-03:00\"");
        exact("dateTimeOffsetZero", "([datetimeoffset]::new([datetime]::new(2020, 1, 2, 3, 4, 5), [timespan]::Zero))",
                "\"2020-01-02T03:04:05+00:00\"");
        exact("timeSpanNegative", "([timespan]'-1.02:03:04.5670000')", "\"-P1DT2H3M4.567S\"");
        exact("timeSpanDays", "([timespan]'3.00:00:00')", "\"P3D\"");
        exact("timeSpanZero", "([timespan]::Zero)", "\"PT0S\"");
        exact("timeSpanTick", "([timespan]::FromTicks(1))", "\"PT0.0000001S\"");
        exact("timeSpanMin", "([timespan]::MinValue)", "\"-P10675199DT2H48M5.4775808S\"");
        exact("timeSpanMax", "([timespan]::MaxValue)", "\"P10675199DT2H48M5.4775807S\"");
        // strings that need escapes
        text("cjk", "'中文'", "中文");
        text("emoji", "'😀 a😀b'", "😀 a😀b");
        text("rtl", "'עברית العربية'", "עברית العربية");
        text("controls", "(\"a`0b`tc`r`nd`u{7f}`u{85}`u{1b}[0m\")", "a\u0000b\tc\r\nd\u007f\u0085\u001b[0m");
        text("literalEscapes", "('_x0041_ _X0041_ _x _x005F_ __x0041_')", "_x0041_ _X0041_ _x _x005F_ __x0041_");
        text("loneSurrogates", "([string][char]0xD800 + 'a' + [char]0xDC00)", "\uD800a\uDC00");
        text("primitiveWithNote", "('abc' | Add-Member -NotePropertyName n -NotePropertyValue x -PassThru)", "abc");
        exact("intWithNote", "(5 | Add-Member -NotePropertyName n -NotePropertyValue x -PassThru)", "5");
        // objects, dictionaries, collections
        exact("customObject", "([pscustomobject][ordered]@{a=1; b=[pscustomobject][ordered]@{c='x'; d=@(1, 2)}})",
                "{\"a\":1,\"b\":{\"c\":\"x\",\"d\":[1,2]}}");
        exact("emptyCustomObject", "([pscustomobject]@{})", "{}");
        exact("hashtable", "(@{a=1})", "{\"a\":1}");
        exact("ordered", "([ordered]@{z=1; a=2; 3='three'})", "{\"z\":1,\"a\":2,\"3\":\"three\"}");
        exact("nonStringKeys", "([ordered]@{1='int'; $true='bool'; ([guid]'6ba7b810-9dad-11d1-80b4-00c04fd430c8')='guid'})",
                "{\"1\":\"int\",\"true\":\"bool\",\"6ba7b810-9dad-11d1-80b4-00c04fd430c8\":\"guid\"}");
        exact("nested", "([ordered]@{outer=[ordered]@{inner=@(1, [ordered]@{x=$true})}})",
                "{\"outer\":{\"inner\":[1,{\"x\":true}]}}");
        exact("array", "@(1, 'two', $null)", "[1,\"two\",null]");
        exact("emptyArray", "@()", "[]");
        exact("intArray", "([int[]](1, 2))", "[1,2]");
        exact("arrayList", "$al", "[1,\"x\"]");
        exact("stack", "$st", "[2,1]");
        exact("queue", "$q", "[1,2]");
        exact("hashSet", "([System.Collections.Generic.HashSet[string]]@('a'))", "[\"a\"]");
        exact("sharedReference", "@($shared, $shared)", "[{\"a\":1},{\"a\":1}]");
        exact("cycle", "$cyc 3", "{\"self\":\"System.Collections.Hashtable\"}");
        exact("progressRecord", "$pr", "{\"Activity\":\"act\",\"ActivityId\":1,\"CurrentOperation\":\"op\","
                + "\"ParentActivityId\":-1,\"PercentComplete\":50,\"RecordType\":\"Processing\","
                + "\"SecondsRemaining\":3,\"StatusDescription\":\"stat\"}");
        exact("toStringOnly", "([pscustomobject]@{c=[System.StringComparer]::Ordinal}) 1",
                "{\"c\":\"System.OrdinalCaseSensitiveComparer\"}");
        check("beyondDepth", "Emit 'beyondDepth' (Get-Item /tmp) 1", json -> {
            // Depth 1: an adapted property holding an object (Parent, a DirectoryInfo) arrives
            // as its text; notes (PSDrive) are expanded one level more.
            assertThat(json.at("/Parent").textValue()).isEqualTo("/");
            assertThat(json.at("/PSDrive/Root").textValue()).isEqualTo("/");
            assertThat(json.at("/FullName").textValue()).isEqualTo("/tmp");
        });
    }

    @TestFactory
    Stream<DynamicTest> everyTypeAsPwshWritesIt() {
        defineCases();
        StringBuilder script = new StringBuilder(SETUP);
        script.append("Emit 'item' $item 1\nEmit 'clash' $clash 1\n");
        cases.forEach(c -> script.append(c.emit()).append('\n'));
        Map<String, String> docs = PwshSerialize.emit(script.toString());
        PsJsonMapper mapper = new PsJsonMapper();
        CliXmlReader reader = new CliXmlReader(CliXmlReader.serializerHexCipher());

        Stream<DynamicTest> table = cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            assertThat(docs).containsKey(c.name());
            List<PsValue> values = reader.readObjs(docs.get(c.name()));
            assertThat(values).hasSize(1);
            c.check().accept(mapper.toJson(values.get(0)));
        }));
        Stream<DynamicTest> order = Stream.of("item", "clash").map(name -> DynamicTest.dynamicTest(
                "property order of " + name + " is pwsh's own", () -> {
                    JsonNode json = mapper.toJson(reader.readObjs(docs.get(name)).get(0));
                    assertThat(fieldNames(json)).containsExactlyElementsOf(Arrays.asList(docs.get(name + ".names").split(",")));
                    if (name.equals("clash")) {
                        assertThat(json.get("Name").textValue()).isEqualTo("override");
                    }
                }));
        return Stream.concat(table, order);
    }

    private static List<String> fieldNames(JsonNode json) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static String compact(JsonNode json) {
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Case(String name, String emit, Consumer<JsonNode> check) {
    }
}
