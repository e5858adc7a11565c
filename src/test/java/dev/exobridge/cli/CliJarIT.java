package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exobridge.testsupport.TestPwsh;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged CLI jar, run as a real child JVM after {@code package}. */
class CliJarIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int OBJECTS = 100_000;

    @Test
    void streamsOneHundredThousandObjectsAsNdjsonUnderASmallHeap() throws Exception {
        // 64 MB of heap cannot hold 100,000 objects' JSON and their CLIXML at once; the run only
        // succeeds if each object is written and dropped as it arrives.
        List<String> cmd = Child.jarCommand(List.of("-Xmx64m", "-XX:+UseSerialGC"),
                "--pwsh", TestPwsh.pwsh().toString(), "run", "--format", "ndjson",
                "-c", "1.." + OBJECTS + " | ForEach-Object { [pscustomobject]@{ i = $_; name = \"n$_\" } }");
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try (var in = p.getErrorStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (Exception e) {
                return e.toString();
            }
        });
        long expected = 1;
        boolean firstLineWhileRunning = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (expected == 1) {
                    firstLineWhileRunning = p.isAlive();
                }
                JsonNode o = JSON.readTree(line);
                assertThat(o.get("i").asLong()).as("line %d: %s", expected, line).isEqualTo(expected);
                assertThat(o.get("name").asText()).isEqualTo("n" + expected);
                expected++;
            }
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the CLI ends").isTrue();
        assertThat(p.exitValue()).as("exit code; stderr: %s", err.get()).isZero();
        assertThat(expected - 1).isEqualTo(OBJECTS);
        assertThat(firstLineWhileRunning).as("the first object is on stdout before the run ends (streamed)").isTrue();
        assertThat(err.get()).isEmpty();
    }

    @Test
    void verboseShowsOurLogLinesOnStderr() throws Exception {
        CliRun r = Child.run(Child.jarCommand(List.of(), "--verbose", "--pwsh", TestPwsh.pwsh().toString(),
                "run", "-c", "'x'"), Map.of(), 120);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(JSON.readTree(r.out())).isEqualTo(JSON.readTree("[\"x\"]"));
        assertThat(r.err()).contains("[DEBUG]").contains("PwshLaunch").contains("RunCommand");
    }

    @Test
    void versionNamesThisBuild() throws Exception {
        CliRun r = Child.run(Child.jarCommand(List.of(), "--version"), Map.of(), 60);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String fileName = Child.jar().getFileName().toString(); // exo-bridge-<version>-cli.jar
        String version = fileName.substring("exo-bridge-".length(), fileName.length() - "-cli.jar".length());
        assertThat(r.out().lines().findFirst()).hasValue("exo-bridge " + version);
    }
}
