package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exobridge.testsupport.TestPwsh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code exo-bridge run} in-process against the real pwsh: out, err and exit code. */
class RunCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs {@code exo-bridge --pwsh <test pwsh> run ARGS}. */
    private static CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of("--pwsh", TestPwsh.pwsh().toString(), "run"));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void printsOutputAsOneJsonArrayByDefault() throws Exception {
        CliRun r = run("-c", "1; 'two'; [pscustomobject]@{ Name = 'x'; Size = 3 }");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(json(r.out())).isEqualTo(json("[1, \"two\", {\"Name\": \"x\", \"Size\": 3}]"));
        assertThat(r.err()).isEmpty();
    }

    @Test
    void emptyOutputIsAnEmptyArray() throws Exception {
        CliRun r = run("-c", "$null = 1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(json(r.out())).isEqualTo(json("[]"));
    }

    @Test
    void stringParametersArePassedAsDataNeverSpliced() throws Exception {
        String hostile = "x\"; exit 3; $(throw 'spliced') '";
        CliRun r = run("-c", "param($Name) \"hi $Name\"", "--param", "Name=" + hostile);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(json(r.out()).get(0).asText()).isEqualTo("hi " + hostile);
    }

    @Test
    void valueMayHoldEqualsSigns() throws Exception {
        CliRun r = run("-c", "param($Q) $Q", "-p", "Q=a=b=c");
        assertThat(json(r.out()).get(0).asText()).as(r.toString()).isEqualTo("a=b=c");
    }

    @Test
    void jsonParametersArriveTyped() throws Exception {
        CliRun r = run("-c", "param($N, $B, $L, $O, $Z) $N.GetType().Name; $B.GetType().Name; $L.Count; "
                        + "$O.GetType().Name; $O.inner.k; $null -eq $Z; $N + 1",
                "--param-json", "N=41", "--param-json", "B=true", "--param-json", "L=[1,2,3]",
                "--param-json", "O={\"inner\": {\"k\": \"v\"}}", "--param-json", "Z=null");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(json(r.out())).isEqualTo(json("[\"Int32\", \"Boolean\", 3, \"Hashtable\", \"v\", true, 42]"));
    }

    @Test
    void tableShowsTheTypesDefaultDisplayProperties() {
        CliRun r = run("-c", "Get-Process -Id $PID", "--format", "table");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String header = r.out().lines().filter(l -> !l.isBlank()).findFirst().orElseThrow();
        assertThat(header.split("\\s+")).containsExactly("Id", "Handles", "CPU", "SI", "Name");
        assertThat(r.out()).doesNotContain("NameString").doesNotContain("\u001b");
    }

    @Test
    void ndjsonWritesOneObjectALine() throws Exception {
        CliRun r = run("-c", "1..3 | ForEach-Object { [pscustomobject]@{ i = $_ } }", "--format", "ndjson");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(json(lines.get(i))).isEqualTo(json("{\"i\": " + (i + 1) + "}"));
        }
    }

    @Test
    void tableIsReadable() {
        CliRun r = run("-c", "[pscustomobject]@{ Name = 'alpha'; Size = 1 }; [pscustomobject]@{ Name = 'b'; Size = 22 }",
                "--format", "table");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out().lines().filter(l -> !l.isBlank()).toList())
                .containsExactly("Name  Size", "----  ----", "alpha 1", "b     22");
    }

    @Test
    void jsonShorthandAndWithTypes() throws Exception {
        CliRun r = run("-c", "[version]'1.2.3'; [pscustomobject]@{ a = 1 }", "--json", "--with-types");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode out = json(r.out());
        assertThat(out.get(0).get("value").asText()).isEqualTo("1.2.3");
        assertThat(out.get(0).get("types").get(0).asText()).isEqualTo("System.Version");
        assertThat(out.get(1).get("value")).isEqualTo(json("{\"a\": 1}"));
        assertThat(out.get(1).get("types").toString()).contains("System.Management.Automation.PSCustomObject");
    }

    @Test
    void depthBringsNestedObjectsWhole() throws Exception {
        // A DirectoryInfo's Parent is itself a DirectoryInfo: text at remoting's depth 1, an object at 2.
        String script = "Get-Item -LiteralPath $PSHOME";
        JsonNode shallow = json(run("-c", script).out()).get(0);
        JsonNode deep = json(run("-c", script, "--depth", "2").out()).get(0);
        assertThat(shallow.get("Parent").isTextual()).as(shallow.toString()).isTrue();
        assertThat(deep.get("Parent").isObject()).as(deep.toString()).isTrue();
        assertThat(deep.get("Parent").get("FullName").asText()).isEqualTo(shallow.get("Parent").asText());
    }

    @Test
    void recordsGoToStderrAndQuietHidesThem() throws Exception {
        String script = "Write-Warning 'careful'; Write-Verbose 'details' -Verbose; "
                + "Write-Information 'fyi' -InformationAction Continue; Write-Host 'hello host'; 7";
        CliRun r = run("-c", script);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(json(r.out())).isEqualTo(json("[7]"));
        assertThat(r.err().lines().toList()).containsExactly("WARNING: careful", "VERBOSE: details", "fyi", "hello host");

        CliRun quiet = run("-c", script, "--quiet");
        assertThat(quiet.exitCode()).as(quiet.toString()).isZero();
        assertThat(json(quiet.out())).isEqualTo(json("[7]"));
        assertThat(quiet.err()).isEmpty();
    }

    @Test
    void anErrorRecordShowsLikePowerShellAndFailOnErrorMakesItExitOne() throws Exception {
        // pwsh -Command's rule: the last statement succeeded, so 0 (RunParityTest has the rest).
        CliRun lenient = run("-c", "Write-Error 'bad thing'; 'after'", "--quiet");
        assertThat(lenient.exitCode()).as(lenient.toString()).isZero();
        CliRun r = run("-c", "Write-Error 'bad thing'; 'after'", "--quiet", "--fail-on-error");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(json(r.out())).isEqualTo(json("[\"after\"]"));
        assertThat(r.err()).startsWith("ERROR: bad thing").contains("+ FullyQualifiedErrorId : ")
                .contains("+ CategoryInfo");
    }

    @Test
    void errorsAsJsonWritesOneObjectALine() throws Exception {
        CliRun r = run("-c", "Write-Error 'first'; Write-Error 'second'; throw 'third'", "--errors-as-json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        List<String> lines = r.err().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.stream().map(l -> {
            try {
                return json(l).get("message").asText();
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + l, e);
            }
        })).containsExactly("first", "second", "third");
        assertThat(json(lines.get(2)).get("fullyQualifiedErrorId").asText()).isEqualTo("third");
    }

    @Test
    void terminatingErrorKeepsStdoutValidJson() throws Exception {
        CliRun r = run("-c", "'before'; throw 'boom'");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(json(r.out())).isEqualTo(json("[\"before\"]"));
        assertThat(r.err()).startsWith("ERROR: boom");
    }

    @Test
    void timeoutExitsFourAndWinsOverErrors() throws Exception {
        CliRun r = run("-c", "'started'; Write-Error 'also an error'; Start-Sleep -Seconds 60", "--timeout", "2s");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
        assertThat(json(r.out())).isEqualTo(json("[\"started\"]"));
        assertThat(r.err()).contains("ERROR: also an error").contains("exo-bridge: ").contains("--timeout");
    }

    @Test
    void aPromptIsRefusedNotWaitedOn() {
        CliRun r = run("-c", "Read-Host 'your name?'");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("user input").contains("--param");
    }

    @Test
    void pwshDyingMidCallExitsSix() {
        CliRun r = run("-c", "'x'; [System.Environment]::Exit(9)");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(6);
        assertThat(r.err()).startsWith("exo-bridge: ");
    }

    @Test
    void fileRunsAsAScriptWithItsParameters(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("greet.ps1");
        Files.writeString(script, "param([string]$Name, [int]$Times = 1)\n"
                + "1..$Times | ForEach-Object { \"hi $Name\" }\n$PSScriptRoot\n");
        CliRun r = run("--file", script.toString(), "--param", "Name=Ada", "--param-json", "Times=2");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(json(r.out())).isEqualTo(JSON.createArrayNode().add("hi Ada").add("hi Ada").add(dir.toString()));
    }

    @Test
    void scriptFromStdin() throws Exception {
        List<String> args = new ArrayList<>(List.of("--pwsh", TestPwsh.pwsh().toString(), "run", "-c", "-"));
        CliRun r = CliRun.withStdin("'from'\n'stdin'\n", args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(json(r.out())).isEqualTo(json("[\"from\", \"stdin\"]"));
    }

    @Test
    void pwshMissingExitsThreeAndSaysWhereItLooked() {
        CliRun r = CliRun.of("--pwsh", "/nonexistent/dir/pwsh", "run", "-c", "1");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("/nonexistent/dir/pwsh").contains("does not exist");
    }

    @Test
    void pwshMissingAsJson() throws Exception {
        CliRun r = CliRun.of("run", "-c", "1", "--pwsh", "/nonexistent/dir/pwsh", "--errors-as-json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        JsonNode e = json(r.err().strip());
        assertThat(e.get("exitCode").asInt()).isEqualTo(3);
        assertThat(e.get("fullyQualifiedErrorId").asText()).isEqualTo("ExoBridge.PREREQUISITE_MISSING");
        assertThat(e.get("placesLooked").get(0).asText()).contains("/nonexistent/dir/pwsh");
    }

    @Test
    void badFlagsExitTwoAndSayWhatToDo() {
        for (String[] args : List.of(
                new String[] {"run", "-c", "1", "--nope"},
                new String[] {"run"},
                new String[] {"run", "-c", "1", "--file", "x.ps1"},
                new String[] {"run", "-c", "1", "--timeout", "5 parsecs"},
                new String[] {"run", "-c", "1", "--timeout", "30"},
                new String[] {"run", "-c", "1", "--param", "=NoName"},
                new String[] {"run", "-c", "1", "--param", "-Name=x"},
                new String[] {"run", "-c", "1", "--param", "A=1", "--param-json", "a=2"},
                new String[] {"run", "-c", "1", "--param-json", "N={bad"},
                new String[] {"run", "-c", "1", "--format", "xml"},
                new String[] {"run", "-c", "1", "--format", "table", "--json"},
                new String[] {"run", "-c", "1", "--depth", "101"},
                new String[] {"run", "-c", "1", "--quiet", "--verbose"},
                new String[] {"run", "--file", "/nonexistent/x.ps1"},
                new String[] {"nosuchcommand"})) {
            CliRun r = CliRun.of(args);
            assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isEqualTo(2);
            assertThat(r.out()).as(String.join(" ", args)).isEmpty();
            assertThat(r.err()).as(String.join(" ", args)).startsWith("exo-bridge: ").contains("--help");
        }
    }

    @Test
    void badFlagMessagesAreSpecific() {
        assertThat(CliRun.of("run", "-c", "1", "--timeout", "30").err()).contains("30s");
        assertThat(CliRun.of("run", "-c", "1", "--param", "=NoName").err()).contains("NAME=VALUE");
        assertThat(CliRun.of("run", "-c", "1", "--param-json", "N={bad").err()).contains("not JSON");
        assertThat(CliRun.of("run", "-c", "1", "--format", "xml").err()).contains("json, ndjson, table");
        assertThat(CliRun.of("run", "-c", "1", "--formt", "json").err()).contains("--format");
    }

    @Test
    void helpListsExamplesAndExitCodes() {
        for (String cmd : Stream.of("", "run", "pwsh info").toList()) {
            List<String> args = new ArrayList<>(cmd.isEmpty() ? List.of() : List.of(cmd.split(" ")));
            args.add("--help");
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("Examples:").contains("Exit codes:").contains("70")
                    .contains("timeout");
        }
    }
}
