package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code doctor}, {@code setup}, {@code module} and {@code pwsh install} without a working pwsh:
 * usage errors (found before pwsh starts: exit 2, nothing on stdout, what to do on stderr) and a
 * missing pwsh (exit 3, naming what was wrong). Their successful runs are in SetupCliIT, in a
 * pwsh with its own HOME.
 */
class SetupCommandsTest {
    private static void usage(String expected, String... args) {
        CliRun r = CliRun.of(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isEqualTo(2);
        assertThat(r.out()).as(String.join(" ", args)).isEmpty();
        assertThat(r.err()).as(String.join(" ", args)).startsWith("exo-bridge: ").contains(expected).contains("--help");
    }

    @Test
    void badFlagsExitTwoWithWhatToDo() {
        usage("json, table", "doctor", "--format", "ndjson");
        usage("Unknown option", "doctor", "--bogus");
        usage("--pwsh-sha256", "setup", "--pwsh-from", "/tmp/x.tar.gz");
        usage("RemoteSigned", "setup", "--check", "--execution-policy", "Sometimes");
        usage("install, update, uninstall or list", "module");
        usage("CurrentUser or AllUsers", "module", "install", "--scope", "Everyone");
        usage("psresourceget", "module", "list", "--tool", "npm");
        usage("exact version", "module", "uninstall", "--version", ">=1.0");
        usage("not a module name", "module", "list", "--name", "Bad*Name");
        usage(">=3.5.0", "doctor", "--version", "banana");
        usage("64 hex digits", "pwsh", "install", "--from", "/tmp/x.tar.gz", "--sha256", "abc");
        usage("--sha256", "pwsh", "install", "--from", "/tmp/x.tar.gz");
    }

    @Test
    void pwshMissingExitsThreeAndNamesWhatWasWrong() throws Exception {
        CliRun doctor = CliRun.of("doctor", "--json", "--pwsh", "/nonexistent/pwsh");
        assertThat(doctor.exitCode()).as(doctor.toString()).isEqualTo(3);
        JsonNode plan = new ObjectMapper().readTree(doctor.out());
        assertThat(plan.get("satisfied").asBoolean()).isFalse();
        assertThat(plan.get("steps").get(0).get("step").asText()).isEqualTo("pwsh");
        assertThat(plan.get("steps").get(0).get("status").asText()).isEqualTo("failed");
        assertThat(plan.get("steps").get(0).get("message").asText()).contains("/nonexistent/pwsh").contains("does not exist");

        CliRun check = CliRun.of("setup", "--check", "--pwsh", "/nonexistent/pwsh");
        assertThat(check.exitCode()).as("setup --check with a failed step exits 3, as doctor does: " + check).isEqualTo(3);
        assertThat(check.out()).contains("pwsh").contains("failed").contains("/nonexistent/pwsh");

        for (String cmd : List.of("module list", "module install", "module update", "module uninstall")) {
            List<String> args = new java.util.ArrayList<>(List.of(cmd.split(" ")));
            args.addAll(List.of("--pwsh", "/nonexistent/pwsh"));
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(cmd + "\n" + r).isEqualTo(3);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).contains("/nonexistent/pwsh").contains("does not exist");
        }
    }

    @Test
    void noCommandPrintsUsageOnStderrAndExitsTwo() {
        CliRun r = CliRun.of();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("Usage: exo-bridge").contains("run").contains("doctor");
    }

    @Test
    void everyCommandHasHelpWithExamplesAndExitCodes() {
        for (List<String> cmd : List.of(List.of("doctor"), List.of("setup"), List.of("module"), List.of("module", "install"),
                List.of("module", "update"), List.of("module", "uninstall"), List.of("module", "list"), List.of("pwsh"),
                List.of("pwsh", "install"), List.of("completion"))) {
            String[] args = java.util.stream.Stream.concat(cmd.stream(), java.util.stream.Stream.of("--help"))
                    .toArray(String[]::new);
            CliRun r = CliRun.of(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).as(String.join(" ", args)).contains("Usage: exo-bridge " + String.join(" ", cmd))
                    .contains("Examples:").contains("Exit codes:").contains("prerequisite missing");
        }
    }
}
