package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exobridge.pwsh.ProcessTree;
import dev.exobridge.testsupport.TestPwsh;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rows of the parity suite that need {@code exo-bridge run} as a process of its own: signals
 * (to the process and to its whole process group, as a terminal's Ctrl-C), a reader that closes
 * stdout early, and arguments under a POSIX locale. Runs {@link Main} from this build's classes
 * in a child JVM (in a process session of its own, so that a group signal reaches nothing else).
 */
class RunProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Starts, says so on stderr (host text arrives at once), waits, and tells whether finally ran. */
    private static final String SLEEPER = "try { 1; [Console]::Error.WriteLine('started'); Start-Sleep 60 } "
            + "finally { [Console]::Error.WriteLine('finally ran') }";

    @TempDir
    Path home;

    private Process start(Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("setsid", Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--pwsh", TestPwsh.pwsh().toString(), "run"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        pb.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
        env.forEach((k, v) -> {
            if (v.isEmpty()) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        pb.directory(home.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return pb.start();
    }

    /** Reads stderr until {@code marker} shows; returns what was read. */
    private static String awaitOnStderr(Process p, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            seen.append(line).append('\n');
            if (line.contains(marker)) {
                return seen.toString();
            }
        }
        throw new AssertionError("the child ended before '" + marker + "'; stderr: " + seen);
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<" + e + ">";
            }
        });
    }

    private static void signal(String sig, String target) throws Exception {
        Process k = new ProcessBuilder("kill", "-" + sig, "--", target).inheritIO().start();
        assertThat(k.waitFor()).isZero();
    }

    private static void ends(Process p) throws InterruptedException {
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("exo-bridge run did not end");
        }
    }

    private void stopsCleanly(String sig, boolean wholeGroup, int expected) throws Exception {
        Process p = start(Map.of(), "-c", SLEEPER);
        CompletableFuture<String> out = drain(p.getInputStream());
        String before = awaitOnStderr(p, "started");
        List<ProcessHandle> pwsh = p.toHandle().descendants().toList();
        signal(sig, wholeGroup ? "-" + p.pid() : String.valueOf(p.pid()));
        CompletableFuture<String> err = drain(p.getErrorStream());
        ends(p);
        String shown = before + err.get(10, TimeUnit.SECONDS);
        assertThat(p.exitValue()).as(shown).isEqualTo(expected);
        assertThat(shown).contains("finally ran").doesNotContain("internal error");
        assertThat(JSON.readTree(out.get(10, TimeUnit.SECONDS))).as("the JSON array is closed")
                .isEqualTo(JSON.readTree("[1]"));
        assertThat(pwsh).isNotEmpty().allSatisfy(h -> assertThat(h.isAlive()).isFalse());
    }

    /** kill -9 gives the CLI no chance to clean up: its pwsh must still be gone within 5 s (its stdin closed). */
    @Test
    void theCliKilledWithKill9MidCallLeavesNoPwshWithinFiveSeconds() throws Exception {
        Process p = start(Map.of(), "-c", SLEEPER);
        drain(p.getInputStream());
        awaitOnStderr(p, "started");
        List<ProcessHandle> pwsh = p.toHandle().descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("pwsh")).orElse(false)).toList();
        assertThat(pwsh).as("the CLI's pwsh").isNotEmpty();
        drain(p.getErrorStream());
        signal("9", String.valueOf(p.pid()));
        ends(p);
        assertThat(p.exitValue()).isEqualTo(137);
        long t0 = System.nanoTime();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> pwsh.stream().noneMatch(ProcessTree::isAlive));
        System.out.printf("orphans: pwsh of the CLI killed with kill -9 gone after %d ms%n",
                (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void sigtermStopsThePipelineRunsFinallyClosesTheArrayAndExits143() throws Exception {
        stopsCleanly("TERM", false, 143);
    }

    @Test
    void ctrlCToTheWholeProcessGroupStillLetsFinallyRunAndExits130() throws Exception {
        // pwsh runs in a process session of its own, so the group's SIGINT reaches exo-bridge only.
        stopsCleanly("INT", true, 130);
    }

    @Test
    void aReaderThatGoesAwayEndsTheCall() throws Exception {
        Process p = start(Map.of(), "-c", "1..100000000 | ForEach-Object { $_ }", "--format", "ndjson");
        CompletableFuture<String> err = drain(p.getErrorStream());
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(r.readLine()).isEqualTo("1");
        List<ProcessHandle> pwsh = p.toHandle().descendants().toList();
        r.close(); // as `| head -1` does
        ends(p);
        assertThat(err.get(10, TimeUnit.SECONDS)).doesNotContain("WARN").doesNotContain("internal error");
        assertThat(pwsh).allSatisfy(h -> assertThat(h.isAlive()).isFalse());
    }

    @Test
    void withoutHomeTheWorkingDirectoryIsStillTheCallers() throws Exception {
        // A server-mode pwsh without HOME starts its provider in /tmp/pwsh-<user>-<guid>.
        Process p = start(Map.of("HOME", ""), "-c", "$PWD.Path; [System.Environment]::CurrentDirectory");
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        ends(p);
        assertThat(p.exitValue()).as(err.get()).isZero();
        String here = home.toRealPath().toString();
        assertThat(JSON.readTree(out.get())).isEqualTo(JSON.createArrayNode().add(here).add(here));
    }

    @Test
    void nonAsciiArgumentsUnderAPosixLocaleAreRefusedNotGarbled() throws Exception {
        Process p = start(Map.of("LC_ALL", "POSIX"), "-c", "'caf\u00e9'");
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        ends(p);
        assertThat(p.exitValue()).as(err.get()).isEqualTo(2);
        assertThat(err.get()).contains("LC_ALL=C.UTF-8");
        assertThat(out.get()).isEmpty();
        // What bin/exo-bridge does for such a locale: C.UTF-8, under which the text arrives whole.
        Process fixed = start(Map.of("LC_ALL", "C.UTF-8"), "-c", "'caf\u00e9'");
        CompletableFuture<String> fixedOut = drain(fixed.getInputStream());
        drain(fixed.getErrorStream());
        ends(fixed);
        assertThat(JSON.readTree(fixedOut.get()).get(0).asText()).isEqualTo("caf\u00e9");
    }
}
