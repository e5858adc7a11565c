package dev.exobridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exobridge.Secret;
import dev.exobridge.json.ResultObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Values sent as parameters come back exactly; output maps to the JSON contract. */
class SessionRoundTripTest {
    static PwshSession session;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start(org.junit.jupiter.api.TestInfo info) {
        session = SessionTestSupport.startFor(info.getTestClass().orElseThrow());
    }

    @AfterAll
    static void stop() {
        SessionTestSupport.closeAll(session);
    }

    /** Sends {@code value} as a parameter and returns what pwsh echoes: its type name and the value. */
    private static ResultObject echo(Object value) {
        InvocationResult r = session.invoke(Invocation.script("param($v) ,$v").param("v", value).build());
        assertThat(r.errors()).isEmpty();
        assertThat(r.output()).hasSize(1);
        return r.output().get(0);
    }

    private static String typeInPwsh(Object value) {
        return session.invoke(Invocation.script("param($v) $v.GetType().FullName").param("v", value).build())
                .output().get(0).json().textValue();
    }

    @Test
    void primitivesRoundTripWithTheirTypes() {
        assertThat(echo("text").json().textValue()).isEqualTo("text");
        assertThat(echo("").json().textValue()).isEqualTo("");
        assertThat(echo(true).json().booleanValue()).isTrue();
        assertThat(echo(Integer.MIN_VALUE).json().intValue()).isEqualTo(Integer.MIN_VALUE);
        assertThat(echo(Long.MAX_VALUE).json().longValue()).isEqualTo(Long.MAX_VALUE);
        assertThat(echo(Long.MIN_VALUE).json().longValue()).isEqualTo(Long.MIN_VALUE);
        assertThat(echo(new BigInteger("18446744073709551615")).json().bigIntegerValue())
                .isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(echo(new BigDecimal("79228162514264337593543950335")).json().decimalValue())
                .isEqualByComparingTo("79228162514264337593543950335");
        assertThat(echo(new BigDecimal("0.0000000000000000000000000001")).json().decimalValue())
                .isEqualByComparingTo("0.0000000000000000000000000001");
        assertThat(echo(1.5e300).json().doubleValue()).isEqualTo(1.5e300);
        assertThat(echo(Double.NaN).json().textValue()).isEqualTo("NaN");
        assertThat(echo(Double.POSITIVE_INFINITY).json().textValue()).isEqualTo("Infinity");
        assertThat(echo(Double.NEGATIVE_INFINITY).json().textValue()).isEqualTo("-Infinity");
        assertThat(echo(0.1f).json().floatValue()).isEqualTo(0.1f);
        assertThat(echo('x').json().textValue()).isEqualTo("x");
        UUID id = UUID.randomUUID();
        assertThat(echo(id).json().textValue()).isEqualTo(id.toString());
        assertThat(echo(new byte[]{0, 1, (byte) 255}).json().textValue()).isEqualTo("AAH/");
        assertThat(echo(Duration.ofDays(-1).minusHours(12)).json().textValue()).isEqualTo("-P1DT12H");
        assertThat(echo(Instant.parse("2020-01-02T03:04:05.1234567Z")).json().textValue())
                .isEqualTo("2020-01-02T03:04:05.1234567Z");
        assertThat(echo(LocalDateTime.parse("2020-01-02T03:04:05")).json().textValue()).isEqualTo("2020-01-02T03:04:05");
        assertThat(echo(null).json().isNull()).isTrue();

        assertThat(typeInPwsh(1L)).isEqualTo("System.Int64");
        assertThat(typeInPwsh(new BigDecimal("1.5"))).isEqualTo("System.Decimal");
        assertThat(typeInPwsh(Instant.EPOCH)).isEqualTo("System.DateTime");
        assertThat(typeInPwsh('c')).isEqualTo("System.Char");
        assertThat(typeInPwsh(Duration.ofSeconds(1))).isEqualTo("System.TimeSpan");
    }

    @Test
    void collectionsAndDictionaries() throws Exception {
        assertThat(echo(List.of(1, "two", List.of(3))).json()).isEqualTo(JSON.readTree("[1,\"two\",[3]]"));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", 1);
        map.put("b", List.of(true, false));
        JsonNode back = echo(map).json();
        assertThat(back.get("a").intValue()).isEqualTo(1);
        assertThat(back.get("b")).isEqualTo(JSON.readTree("[true,false]"));
        assertThat(typeInPwsh(map)).isEqualTo("System.Collections.Hashtable");
        JsonNode fromJson = JSON.readTree("{\"n\":12345678901234567890,\"d\":1.25,\"s\":\"x\",\"l\":[1,{\"k\":null}]}");
        JsonNode echoed = echo(fromJson).json();
        assertThat(echoed.get("n").bigIntegerValue()).isEqualTo(new BigInteger("12345678901234567890"));
        assertThat(echoed.get("s").textValue()).isEqualTo("x");
        assertThat(echoed.get("l").get(1).get("k").isNull()).isTrue();
    }

    @Test
    void outputObjectsKeepTypeNamesAndToString() throws Exception {
        ResultObject o = session.invoke("[System.IO.FileAttributes]'ReadOnly, Hidden'").output().get(0);
        assertThat(o.json().textValue()).isEqualTo("ReadOnly, Hidden");
        assertThat(o.typeNames()).startsWith("System.IO.FileAttributes");
        ResultObject custom = session.invoke("[pscustomobject]@{ Name = 'n'; Count = 3; When = [datetime]'2020-01-02' }")
                .output().get(0);
        assertThat(custom.json()).isEqualTo(JSON.readTree("{\"Name\":\"n\",\"Count\":3,\"When\":\"2020-01-02T00:00:00\"}"));
        assertThat(custom.withTypes().get("types").get(0).textValue()).isEqualTo("System.Management.Automation.PSCustomObject");
        record Item(String Name, int Count, String When) {
        }
        assertThat(custom.as(JSON, Item.class)).isEqualTo(new Item("n", 3, "2020-01-02T00:00:00"));
    }

    @Test
    void hostileStringsComeBackVerbatimAndExecuteNothing() {
        List<String> hostile = List.of("'; Remove-Item -Recurse /; '", "$(Set-Variable -Name pwned -Value 1 -Scope Global)",
                "`$(whoami)`", "a;b|c&d", "line1\nline2\r\n", "nul\0inside", "\"double\" 'single' `backtick`",
                "<Obj RefId=\"0\"></Obj>]]>", "_x0041_ stays literal", "${env:HOME}", "@(1,2)", "#comment");
        for (String s : hostile) {
            assertThat(echo(s).json().textValue()).as("echo of %s", s).isEqualTo(s);
        }
        InvocationResult r = session.invoke(Invocation.command("Write-Output").param("InputObject", hostile.get(1)).build());
        assertThat(r.output().get(0).json().textValue()).isEqualTo(hostile.get(1));
        assertThat(session.invoke("[bool](Get-Variable -Name pwned -Scope Global -ErrorAction SilentlyContinue)")
                .output().get(0).json().booleanValue()).isFalse();
    }

    @Test
    void unicodeAndLargeStringsRoundTripExactly() {
        String text = "中文 日本語 한국어 😀👍🏽 עברית العربية \u202Eright-to-left\u202C \u0001\u0007\u001F\u007F\u0085 é";
        assertThat(echo(text).json().textValue()).isEqualTo(text);
        assertThat(session.invoke("'中文 😀 عربى'").output().get(0).json().textValue()).isEqualTo("中文 😀 عربى");
        char[] big = new char[5 * 1024 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (char) ('a' + i % 26);
        }
        big[12345] = "😀".charAt(0);
        big[12346] = "😀".charAt(1);
        String large = new String(big);
        ResultObject back = echo(large);
        assertThat(back.json().textValue()).hasSize(large.length()).isEqualTo(large);
        assertThat(session.invoke(Invocation.script("param($s) $s.Length").param("s", large).build())
                .output().get(0).json().intValue()).isEqualTo(large.length());
    }

    @Test
    void secretsTravelAsEncryptedSecureStrings() {
        InvocationResult r = session.invoke(Invocation.script(
                "param($p) $p.GetType().FullName; [System.Net.NetworkCredential]::new('', $p).Password")
                .param("p", Secret.of("pa$$w0rd 😀")).build());
        assertThat(r.output()).extracting(o -> o.json().textValue())
                .containsExactly("System.Security.SecureString", "pa$$w0rd 😀");
        ResultObject secure = session.invoke("ConvertTo-SecureString 'back to java' -AsPlainText -Force").output().get(0);
        assertThat(secure.json().isNull()).isTrue();
        assertThat(secure.typeNames()).contains("System.Security.SecureString");
        assertThat(new String(secure.secret().reveal())).isEqualTo("back to java");
        assertThat(secure.toString()).doesNotContain("back to java");
    }

    @Test
    void commandsWithNamedPositionalAndSwitchParameters() {
        InvocationResult r = session.invoke(Invocation.command("Join-Path").arg("a").arg("b").build());
        assertThat(r.output().get(0).json().textValue()).isEqualTo("a/b");
        InvocationResult sorted = session.invoke(Invocation.command("Sort-Object").switchParam("Descending")
                .input(List.of(3, 1, 2)).build());
        assertThat(sorted.output()).extracting(o -> o.json().intValue()).containsExactly(3, 2, 1);
        InvocationResult piped = session.invoke(Invocation.script("process { $_ * 2 }").input(Arrays.asList(1, 2, 3)).build());
        assertThat(piped.output()).extracting(o -> o.json().intValue()).containsExactly(2, 4, 6);
    }

    @Test
    void depthPerCallBringsNestedObjectsWhole() {
        String script = "Get-Item -LiteralPath ([System.IO.Path]::GetTempPath())";
        JsonNode shallow = session.invoke(script).output().get(0).json();
        assertThat(shallow.get("Root").isTextual()).as("remoting's depth 1 flattens a nested typed object").isTrue();
        JsonNode deep = session.invoke(Invocation.script(script).depth(2).build()).output().get(0).json();
        assertThat(deep.get("Root").isObject()).isTrue();
        assertThat(deep.at("/Root/FullName").textValue()).isEqualTo("/");
        JsonNode nested = session.invoke(Invocation.script(
                "[pscustomobject]@{ L1 = [pscustomobject]@{ L2 = [pscustomobject]@{ Leaf = 42 } } }").depth(3).build())
                .output().get(0).json();
        assertThat(nested.at("/L1/L2/Leaf").intValue()).isEqualTo(42);
        ResultObject secret = session.invoke(Invocation.script("ConvertTo-SecureString 'deep' -AsPlainText -Force")
                .depth(2).build()).output().get(0);
        assertThat(secret.json().isNull()).isTrue();
        assertThat(new String(secret.secret().reveal())).isEqualTo("deep");
        assertThat(session.isReady()).isTrue();
    }

    @Test
    void theServerAnnouncesItsVersionTable() {
        String version = session.invoke("$PSVersionTable.PSVersion.ToString()").output().get(0).json().textValue();
        assertThat(session.versionTable().get("PSVersion").textValue()).isEqualTo(version);
        assertThat(session.versionTable().get("PSEdition").textValue()).isEqualTo("Core");
    }

    @Test
    void variablesPersistBetweenCallsOfOneSession() {
        session.invoke("$global:counter = 41");
        assertThat(session.invoke("$counter + 1").output().get(0).json().intValue()).isEqualTo(42);
    }
}
