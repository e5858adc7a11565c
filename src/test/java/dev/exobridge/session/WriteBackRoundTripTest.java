package dev.exobridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.exobridge.json.ResultObject;
import dev.exobridge.psrp.clixml.PsPrimitive;
import dev.exobridge.psrp.clixml.PsType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a Java caller reads from pwsh and passes back as a parameter (a mailbox's properties into
 * Set-Mailbox) arrives as it was: every type docs/json-mapping.md lists is read from pwsh,
 * written back with {@code CliXmlWriter}, echoed by pwsh and read again equal, with the same
 * .NET type inside pwsh. Before, Byte, UInt16, UInt32, UInt64, Uri, Version, XmlDocument and
 * ScriptBlock were written as {@code <Nil/>}.
 */
class WriteBackRoundTripTest {
    private static PwshSession session;

    /** json-mapping.md's examples, by name: each a PowerShell expression. */
    private static final Map<String, String> CASES = new LinkedHashMap<>();

    static {
        CASES.put("Int16", "[int16]-12");
        CASES.put("Int32", "[int]::MinValue");
        CASES.put("Byte", "[byte]255");
        CASES.put("SByte", "[sbyte]-128");
        CASES.put("UInt16", "[uint16]::MaxValue");
        CASES.put("Int64", "[int64]::MinValue");
        CASES.put("UInt32", "[uint32]::MaxValue");
        CASES.put("UInt64", "[uint64]::MaxValue");
        CASES.put("BigInteger", "[bigint]::Pow(2,100)");
        CASES.put("DecimalMax", "[decimal]::MaxValue");
        CASES.put("DecimalScale", "1.50d");
        CASES.put("DoubleMax", "[double]::MaxValue");
        CASES.put("Double", "0.1");
        CASES.put("Single", "[single]1.1");
        CASES.put("NaN", "[double]::NaN");
        CASES.put("Infinity", "[double]::PositiveInfinity");
        CASES.put("SingleNegInfinity", "[single]::NegativeInfinity");
        CASES.put("Boolean", "$true");
        CASES.put("Char", "[char]'A'");
        CASES.put("String", "\"a`0b_x0041_\" + [char]0xD800 + 'c' + [char]0xDC00 + [char]0x1F");
        CASES.put("DateTimeUtc", "[datetime]::new(638000000000000001,'Utc')");
        CASES.put("DateTimeLocal", "[datetime]::new(638000000000000001,'Local')");
        CASES.put("DateTimeUnspecified", "[datetime]::new(638000000000000001,'Unspecified')");
        CASES.put("DateTimeOffset", "[datetimeoffset]::new(2020,1,2,3,4,5,[timespan]'-03:00')");
        CASES.put("TimeSpan", "[timespan]'-1.02:03:04.567'");
        CASES.put("Guid", "[guid]'6ba7b810-9dad-11d1-80b4-00c04fd430c8'");
        CASES.put("Version", "[version]'1.2.3.4'");
        CASES.put("Uri", "[uri]'https://example.org/a?b=c'");
        CASES.put("SemanticVersion", "[semver]'1.2.3-beta.1+build'");
        CASES.put("XmlDocument", "[xml]'<a b=\"1\"><c>t</c></a>'");
        CASES.put("ScriptBlock", "{ echo \"hi\" }");
        CASES.put("ByteArray", "[byte[]](0,1,2,255)");
        CASES.put("EnumFlags", "[IO.FileAttributes]'ReadOnly, Hidden'");
        CASES.put("Switch", "[switch]$true");
        CASES.put("PSCustomObject", "[pscustomobject][ordered]@{a=1;b=[uint16]7;u=[uri]'http://x/'}");
        CASES.put("Hashtable", "[ordered]@{z=[byte]1;a=[version]'2.0'}");
        CASES.put("Array", "[int[]](1,2)");
        CASES.put("Stack", "[System.Collections.Stack]::new([object[]](1,2))");
        CASES.put("Queue", "[System.Collections.Queue]::new([object[]](1,2))");
    }

    /** pwsh turns a ScriptBlock that arrives as data into its text: remoting never rebuilds code. */
    private static final Set<String> ARRIVES_AS_STRING = Set.of("ScriptBlock");

    @BeforeAll
    static void start() {
        session = SessionTestSupport.start();
    }

    @AfterAll
    static void stop() {
        SessionTestSupport.closeAll(session);
    }

    @Test
    void everyMappedTypeWrittenBackArrivesAsItWasRead() {
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, String> c : CASES.entrySet()) {
            // Value and type name in calls of their own: each call's output is then one object.
            ResultObject original = single(Invocation.script("$x = " + c.getValue() + "; ,$x").build(), c.getKey());
            String typeMade = single(Invocation.script("$x = " + c.getValue() + "; $x.GetType().FullName").build(),
                    c.getKey()).json().textValue();
            ResultObject back = single(Invocation.script("param($v) ,$v").param("v", original.raw()).build(), c.getKey());
            String typeBack = single(Invocation.script("param($v) $v.GetType().FullName").param("v", original.raw())
                    .build(), c.getKey()).json().textValue();

            assertThat(back.json()).as("%s: the JSON of what came back", c.getKey()).isEqualTo(original.json());
            if (ARRIVES_AS_STRING.contains(c.getKey())) {
                assertThat(typeBack).as(c.getKey()).isEqualTo("System.String");
            } else if (original.raw() instanceof PsPrimitive p) {
                assertThat(back.raw()).as("%s: the primitive that came back", c.getKey()).isEqualTo(p);
                assertThat(typeBack).as("%s: its type inside pwsh", c.getKey()).isEqualTo(typeMade);
            } else {
                // pwsh marks what it rebuilt from data as Deserialized.; the type itself is the one sent.
                assertThat(undeserialized(back.typeNames())).as("%s: its type names", c.getKey())
                        .isEqualTo(undeserialized(original.typeNames()));
            }
            checked.add(c.getKey());
        }
        assertThat(checked).hasSize(CASES.size());
    }

    private static ResultObject single(Invocation inv, String what) {
        InvocationResult r = session.invoke(inv);
        assertThat(r.errors()).as(what).isEmpty();
        assertThat(r.output()).as(what).hasSize(1);
        return r.output().get(0);
    }

    private static List<String> undeserialized(List<String> names) {
        return names.stream().map(n -> n.startsWith("Deserialized.") ? n.substring("Deserialized.".length()) : n).toList();
    }

    @Test
    void everyPrimitiveTypeIsWrittenAsItself() {
        Set<PsType> seen = EnumSet.noneOf(PsType.class);
        for (String expr : CASES.values()) {
            ResultObject o = session.invoke("$x = " + expr + "; ,$x").output().get(0);
            if (o.raw() instanceof PsPrimitive p) {
                seen.add(p.type());
            }
        }
        // Every CLIXML primitive type is among the cases above, so each is written back once.
        assertThat(seen).containsExactlyInAnyOrder(PsType.values());
    }

    @Test
    void stringsWithLoneSurrogatesAndNulFromJavaArriveExactly() {
        String hostile = "a\u0000b\uD800c\uDC00d\uDBFF_x0041_\u0007\uFFFD\uD83D\uDE00";
        InvocationResult r = session.invoke(Invocation.script(
                "param($v) $v; ($v.ToCharArray() | ForEach-Object { [int]$_ }) -join ','").param("v", hostile).build());
        assertThat(r.output().get(0).json().textValue()).isEqualTo(hostile);
        StringBuilder codes = new StringBuilder();
        hostile.chars().forEach(ch -> codes.append(codes.length() == 0 ? "" : ",").append(ch));
        assertThat(r.output().get(1).json().textValue()).isEqualTo(codes.toString());
    }
}
