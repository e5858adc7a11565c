package dev.exobridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.exobridge.pwsh.PwshLaunch;
import dev.exobridge.testsupport.TestPwsh;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain {@link PwshSession} in a JVM whose environment holds exo-bridge's secret variables
 * starts a pwsh without them. Before, only the CLI and the Exchange layer removed them, and a
 * library user's pwsh (and everything it started) inherited the secrets.
 */
@EnabledOnOs(OS.LINUX)
class SecretEnvironmentTest {

    @Test
    void aPlainSessionsPwshInheritsNoSecretVariable(@TempDir Path tmp) throws Exception {
        String marker = "exo-secret-env-" + System.nanoTime();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Duser.home=" + tmp, "-cp", System.getProperty("java.class.path"),
                SessionFaultTest.SessionHolderMain.class.getName(), TestPwsh.pwsh().toString())
                .redirectError(tmp.resolve("child.err").toFile());
        for (String name : PwshLaunch.SECRET_ENVIRONMENT) {
            pb.environment().put(name, marker + "-" + name);
        }
        pb.environment().put("EXOBRIDGE_NOT_A_SECRET", marker); // passes: only the named secrets go
        Process jvm = pb.start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line = assertTimeoutPreemptively(Duration.ofSeconds(60), in::readLine);
            assertThat(line).as("child JVM output; stderr: %s", Files.readString(tmp.resolve("child.err")))
                    .startsWith("pwsh ");
            long pwsh = Long.parseLong(line.substring(5).trim());
            List<String> environ = Arrays.asList(new String(Files.readAllBytes(Path.of("/proc", Long.toString(pwsh),
                    "environ")), StandardCharsets.UTF_8).split("\0"));
            List<String> jvmEnviron = Arrays.asList(new String(Files.readAllBytes(Path.of("/proc",
                    Long.toString(jvm.pid()), "environ")), StandardCharsets.UTF_8).split("\0"));
            assertThat(jvmEnviron).as("the JVM holds them").filteredOn(e -> e.contains(marker + "-")).hasSize(6);
            assertThat(environ).as("pwsh's environment").noneMatch(e -> e.contains(marker + "-"))
                    .contains("EXOBRIDGE_NOT_A_SECRET=" + marker);
        } finally {
            jvm.destroyForcibly();
            assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
