package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exobridge.pwsh.PwshEnvironment;
import dev.exobridge.testsupport.TestPwsh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code exo-bridge pwsh info}: real discovery and a real probe of the test pwsh. */
class PwshInfoCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A discovery environment with nothing in it but {@code variables}, and an empty home. */
    private static PwshEnvironment bare(Path home, Map<String, String> variables) {
        return new PwshEnvironment(variables, System.getProperty("os.name"), home);
    }

    @Test
    void showsThePwshFoundThroughTheEnvironmentVariableAsJson(@TempDir Path home) throws Exception {
        Path pwsh = TestPwsh.pwsh();
        CliRun r = CliRun.with(bare(home, Map.of("EXOBRIDGE_PWSH", pwsh.toString())), "", "pwsh", "info", "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode info = JSON.readTree(r.out());
        assertThat(info.get("executable").asText()).isEqualTo(pwsh.toAbsolutePath().normalize().toString());
        assertThat(info.get("source").asText()).isEqualTo("EXOBRIDGE_PWSH");
        assertThat(info.get("version").asText()).matches("7\\.\\d+\\.\\d+.*");
        assertThat(info.get("edition").asText()).isEqualTo("Core");
        assertThat(Files.isDirectory(Path.of(info.get("psHome").asText()))).isTrue();
        assertThat(info.get("modulePaths").size()).isPositive();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void tableIsTheDefaultAndPwshOptionMayFollowTheSubcommand(@TempDir Path home) {
        CliRun r = CliRun.with(bare(home, Map.of()), "", "pwsh", "info", "--pwsh", TestPwsh.pwsh().toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("executable     : " + TestPwsh.pwsh().toAbsolutePath().normalize())
                .contains("source         : explicit").contains("modulePaths    : ");
    }

    @Test
    void missingPwshExitsThreeAndListsEveryPlaceLooked(@TempDir Path home) throws Exception {
        Path emptyDir = Files.createDirectory(home.resolve("empty-bin"));
        CliRun r = CliRun.with(bare(home, Map.of("PATH", emptyDir.toString(), "EXOBRIDGE_CONFIG_HOME",
                home.resolve("cfg").toString())), "", "pwsh", "info");
        // Standard locations are real paths of this machine; skip the exit-code check where one exists.
        if (r.exitCode() == 0) {
            assertThat(r.out()).contains("standard location");
            return;
        }
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("environment variable EXOBRIDGE_PWSH: not set")
                .contains("settings file " + home.resolve("cfg"))
                .contains("PATH " + emptyDir.resolve("pwsh") + ": does not exist")
                .contains("standard location");
    }

    @Test
    void badFlagsExitTwo() {
        CliRun r = CliRun.of("pwsh", "info", "--format", "ndjson");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("json, table").contains("exo-bridge pwsh info --help");
        CliRun none = CliRun.of("pwsh");
        assertThat(none.exitCode()).as(none.toString()).isEqualTo(2);
        assertThat(none.err()).contains("info or install");
    }

    @Test
    void versionAndCompletion() {
        CliRun v = CliRun.of("--version");
        assertThat(v.exitCode()).isZero();
        assertThat(v.out()).startsWith("exo-bridge ").contains("Java ");
        CliRun c = CliRun.of("completion");
        assertThat(c.exitCode()).isZero();
        assertThat(c.out()).contains("complete -F").contains("exo-bridge").contains("--param-json").contains("doctor");
    }
}
