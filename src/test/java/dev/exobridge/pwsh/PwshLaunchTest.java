package dev.exobridge.pwsh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class PwshLaunchTest {
    @TempDir
    Path tmp;

    private final Path exe = Path.of("/some/pwsh");

    @Test
    void defaults() {
        PwshLaunch launch = PwshLaunch.of(exe);
        assertThat(launch.command()).containsExactly(exe.toString(), "-NoLogo", "-NoProfile", "-s");
        assertThat(launch.workingDirectory()).isEmpty();
        java.util.Map<String, String> expected = new java.util.HashMap<>(
                java.util.Map.of("POWERSHELL_TELEMETRY_OPTOUT", "1", "POWERSHELL_UPDATECHECK", "Off"));
        // The gen0 budget yields to a value the JVM's own environment has.
        if (System.getenv("DOTNET_GCgen0size") == null) {
            expected.put("DOTNET_GCgen0size", "0x4000000");
        }
        if (System.getenv("DOTNET_EnableDiagnostics") == null) {
            expected.put("DOTNET_EnableDiagnostics", "0");
        }
        assertThat(launch.environmentAdditions()).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(launch.environmentRemovals()).containsExactlyInAnyOrder("EXOBRIDGE_CERTIFICATE_PASSWORD",
                "EXOBRIDGE_CERTIFICATE_PASSWORD_FILE", "EXOBRIDGE_ACCESS_TOKEN", "EXOBRIDGE_ACCESS_TOKEN_FILE",
                "EXOBRIDGE_PASSWORD", "EXOBRIDGE_PASSWORD_FILE");

        ProcessBuilder pb = launch.toProcessBuilder();
        assertThat(pb.command()).containsExactly(exe.toString(), "-NoLogo", "-NoProfile", "-s");
        assertThat(pb.environment()).containsEntry("POWERSHELL_TELEMETRY_OPTOUT", "1")
                .containsEntry("POWERSHELL_UPDATECHECK", "Off");
        assertThat(pb.directory()).isNull();
        assertThat(pb.redirectInput()).isEqualTo(ProcessBuilder.Redirect.PIPE);
        assertThat(pb.redirectOutput()).isEqualTo(ProcessBuilder.Redirect.PIPE);
        assertThat(pb.redirectError()).isEqualTo(ProcessBuilder.Redirect.PIPE);
    }

    @Test
    void callerOverridesAndRemovesEnvironment() {
        String inherited = System.getenv().keySet().iterator().next();
        PwshLaunch launch = PwshLaunch.of(exe)
                .withEnvironment("POWERSHELL_UPDATECHECK", "LTS")
                .withoutEnvironment("POWERSHELL_TELEMETRY_OPTOUT")
                .withoutEnvironment(inherited)
                .withEnvironment("EXTRA", "x");
        ProcessBuilder pb = launch.toProcessBuilder();
        assertThat(pb.environment()).containsEntry("POWERSHELL_UPDATECHECK", "LTS")
                .containsEntry("EXTRA", "x")
                .doesNotContainKey("POWERSHELL_TELEMETRY_OPTOUT")
                .doesNotContainKey(inherited);
        // Setting again after removing wins.
        assertThat(launch.withEnvironment(inherited, "back").toProcessBuilder().environment())
                .containsEntry(inherited, "back");
    }

    @Test
    void argumentsAndWorkingDirectory() {
        PwshLaunch launch = PwshLaunch.of(exe)
                .withArguments(List.of("-NoLogo", "-NoProfile", "-NonInteractive", "-S"))
                .withWorkingDirectory(tmp);
        assertThat(launch.toProcessBuilder().command())
                .containsExactly(exe.toString(), "-NoLogo", "-NoProfile", "-NonInteractive", "-S");
        assertThat(launch.toProcessBuilder().directory()).isEqualTo(tmp.toFile());
        assertThat(PwshLaunch.of(exe).withArguments(List.of("-ServerMode")).arguments()).containsExactly("-ServerMode");
        assertThatThrownBy(() -> PwshLaunch.of(exe).withArguments(List.of("-NoLogo", "-Command", "-")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-s");
    }

    @Test
    void serverModeIsMinusSOrMinusServerModeInAnyCaseAndNothingElse() {
        assertThat(PwshLaunch.isServerMode(List.of("-NoLogo", "-s"))).isTrue();
        assertThat(PwshLaunch.isServerMode(List.of("-SERVERMODE"))).isTrue();
        // -sshs is the SSH subsystem server, which speaks another framing: refused.
        assertThat(PwshLaunch.isServerMode(List.of("-sshs"))).isFalse();
        assertThat(PwshLaunch.isServerMode(List.of("-NoLogo", "-Command", "-s"))).as("a value, still a flag here").isTrue();
        assertThat(PwshLaunch.isServerMode(List.of())).isFalse();
    }

    @Test
    void isImmutable() {
        PwshLaunch base = PwshLaunch.of(exe);
        base.withEnvironment("A", "1").withWorkingDirectory(tmp).withArguments(List.of("-s"));
        assertThat(base.environmentAdditions()).doesNotContainKey("A");
        assertThat(base.workingDirectory()).isEmpty();
        assertThat(base.arguments()).isEqualTo(PwshLaunch.DEFAULT_ARGUMENTS);
    }

    /** Closing stdin is what happens when our JVM dies: pwsh -s must then exit by itself. */
    @Test
    @Timeout(60)
    void realServerModePwshExitsWhenStdinCloses() throws Exception {
        Process process = PwshLaunch.of(FakePwsh.real()).withWorkingDirectory(tmp).start();
        try {
            process.getOutputStream().close(); // we write nothing
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("pwsh -s exited after stdin closed").isTrue();
            // It ended because stdin closed, not because it failed to start: it says so on stderr.
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(stderr).contains("closed or ended abnormally");
        } finally {
            ProcessTree.destroy(process.toHandle(), java.time.Duration.ofSeconds(1));
        }
    }

    /** /proc shows what the running pwsh really got: environment and working directory. */
    @Test
    @EnabledOnOs(OS.LINUX)
    @Timeout(60)
    void realPwshGetsTheEnvironmentAndDirectory() throws Exception {
        Process process = PwshLaunch.of(FakePwsh.real()).withWorkingDirectory(tmp)
                .withEnvironment("EXOBRIDGE_TEST_MARK", "42").start();
        try {
            Path proc = Path.of("/proc", Long.toString(process.pid()));
            List<String> environ = Arrays.asList(new String(Files.readAllBytes(proc.resolve("environ")),
                    StandardCharsets.UTF_8).split("\0"));
            assertThat(environ).contains("POWERSHELL_TELEMETRY_OPTOUT=1", "POWERSHELL_UPDATECHECK=Off",
                    "EXOBRIDGE_TEST_MARK=42");
            assertThat(Files.readSymbolicLink(proc.resolve("cwd"))).isEqualTo(tmp.toRealPath());
            assertThat(process.isAlive()).as("pwsh -s waits for the client while stdin is open").isTrue();
        } finally {
            ProcessTree.Outcome outcome = ProcessTree.destroy(process.toHandle(), java.time.Duration.ofSeconds(5));
            assertThat(outcome.allGone()).isTrue();
        }
    }

    @Test
    void startFailureNamesTheExecutable() {
        Path missing = tmp.resolve("no-pwsh");
        assertThatThrownBy(() -> PwshLaunch.of(missing).start())
                .isInstanceOf(IOException.class)
                .hasMessageContaining(missing.toString());
    }
}
