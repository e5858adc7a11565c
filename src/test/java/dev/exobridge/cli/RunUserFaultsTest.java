package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exobridge.testsupport.TestPwsh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults a new user met with {@code run} (issue 15), each named for what broke. */
class RunUserFaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of("--pwsh", TestPwsh.pwsh().toString()));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static List<JsonNode> jsonLines(String text) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    @Test
    void depthZeroIsRefusedWithExitTwoInsteadOfBreakingTheProtocol() {
        CliRun r = CliRun.of("run", "-c", "1", "--depth", "0");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--depth 0").contains("1 to 100");
        assertThat(CliRun.of("run", "--help").out()).contains("(1-100)");
    }

    @Test
    void twoCommandOptionsAreExplainedPlainlyNotWithPicocliInternals() {
        CliRun r = CliRun.of("run", "-c", "1", "-c", "2");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("-c/--command was given more than once").doesNotContain("expected only one match");
    }

    @Test
    void usageErrorsAreJsonWithErrorsAsJson() throws Exception {
        for (String[] args : List.of(new String[] {"--errors-as-json", "run", "-c", "1", "--nope"},
                new String[] {"run", "-c", "1", "--depth", "0", "--errors-as-json"},
                new String[] {"--errors-as-json", "nosuchcommand"})) {
            CliRun r = CliRun.of(args);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            List<JsonNode> lines = jsonLines(r.err());
            assertThat(lines).as(r.toString()).hasSize(1);
            assertThat(lines.get(0).get("exitCode").asInt()).isEqualTo(2);
            assertThat(lines.get(0).get("fullyQualifiedErrorId").asText()).isEqualTo("ExoBridge.USAGE");
            assertThat(lines.get(0).get("message").asText()).contains("--help");
        }
    }

    @Test
    void warningLinesAreJsonWithErrorsAsJsonAndMergedRecordsHaveTheSameShape() throws Exception {
        CliRun r = run("--errors-as-json", "run", "-c",
                "Write-Warning 'careful'; Write-Verbose 'v' -Verbose; Write-Error 'bad'; Write-Warning 'merged' 3>&1");
        assertThat(r.exitCode()).as("as pwsh -Command: the last statement succeeded " + r).isZero();
        List<JsonNode> err = jsonLines(r.err());
        assertThat(err).as(r.toString()).hasSize(3);
        assertThat(err.get(0)).isEqualTo(JSON.readTree("{\"stream\":\"warning\",\"message\":\"careful\"}"));
        assertThat(err.get(1)).isEqualTo(JSON.readTree("{\"stream\":\"verbose\",\"message\":\"v\"}"));
        assertThat(err.get(2).get("message").asText()).isEqualTo("bad");
        JsonNode out = JSON.readTree(r.out());
        assertThat(out.get(0)).as("a record merged into the output")
                .isEqualTo(JSON.readTree("{\"stream\":\"warning\",\"message\":\"merged\"}"));
    }

    @Test
    void errorsOfACommandTextCarryTheLineTheirStackTraceNames() throws Exception {
        // Write-Error's record has no position of its own ("line":0 before); a throw has one.
        CliRun r = run("--errors-as-json", "run", "-c", "1\n\nWrite-Error 'on line three'\nthrow 'on line four'");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        List<JsonNode> errors = jsonLines(r.err());
        assertThat(errors).as(r.toString()).hasSize(2);
        assertThat(errors.get(0).get("scriptStackTrace").asText()).contains("line 3");
        assertThat(errors.get(0).get("line").asInt()).as(errors.get(0).toString()).isEqualTo(3);
        assertThat(errors.get(1).get("line").asInt()).as(errors.get(1).toString()).isEqualTo(4);
        assertThat(errors.get(1).get("column").asInt()).as(errors.get(1).toString()).isEqualTo(1);
    }

    @Test
    void requiresModulesForAMissingModuleExitsThree(@TempDir Path dir) throws Exception {
        // pwsh checks #Requires for script files only, as pwsh -File does.
        Path script = Files.writeString(dir.resolve("needs.ps1"), "#Requires -Modules NoSuchModule_exobridge_test\n1\n");
        CliRun r = run("run", "--file", script.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("NoSuchModule_exobridge_test");
    }
}
