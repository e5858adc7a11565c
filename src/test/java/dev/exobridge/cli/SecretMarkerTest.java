package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.exobridge.Secret;
import dev.exobridge.testsupport.SimTenant;
import dev.exobridge.testsupport.TestPwsh;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never leak: unique markers as the certificate password, the token and the user's
 * password, given the way a scheduled job gives them (the EXOBRIDGE_* variables), appear in no
 * {@code /proc/<pid>/cmdline} or {@code /proc/<pid>/environ} of any process the exo-bridge CLI
 * started, and in none of its output, debug log lines (trace level, in fact) or error text, in
 * each auth mode and after a failed sign-in. The CLI runs as a child JVM so that its own
 * environment really holds the secrets.
 */
class SecretMarkerTest {
    @TempDir
    static Path tmp;
    static SimTenant tenant;
    static String marker;

    @BeforeAll
    static void tenant() {
        marker = SimTenant.marker();
        tenant = SimTenant.create(tmp.resolve("tenant"), marker, 3, Map.of());
    }

    @AfterAll
    static void close() {
        if (tenant != null) {
            tenant.close();
        }
    }

    /** What a child run saw. */
    record Seen(int exit, String out, String err, List<String> processes) {
    }

    @Test
    void certificatePasswordFromTheEnvironment() throws Exception {
        Seen s = run(Map.of("EXOBRIDGE_CERTIFICATE_PASSWORD", tenant.certPassword), List.of("--organization",
                SimTenant.ORG, "--app-id", SimTenant.APP_ID, "--certificate-file", tenant.pfx.toString()));
        assertClean(s, 0, tenant.certPassword);
    }

    @Test
    void accessTokenFromTheEnvironment() throws Exception {
        Secret token = tenant.token("01:00:00");
        String text = new String(token.reveal());
        Seen s = run(Map.of("EXOBRIDGE_ACCESS_TOKEN", text), List.of("--organization", SimTenant.ORG));
        assertClean(s, 0, text);
    }

    @Test
    void passwordFromTheEnvironmentAndAWrongOne() throws Exception {
        Seen s = run(Map.of("EXOBRIDGE_PASSWORD", tenant.userPassword), List.of("--user", SimTenant.USER));
        assertClean(s, 0, tenant.userPassword);
        String wrong = "Wrong-" + marker;
        Seen w = run(Map.of("EXOBRIDGE_PASSWORD", wrong), List.of("--user", SimTenant.USER));
        assertClean(w, 5, wrong);
        assertThat(w.err()).contains("AADSTS50126");
    }

    private static void assertClean(Seen s, int exit, String secret) {
        assertThat(s.exit()).as("exit; stderr: %s", s.err()).isEqualTo(exit);
        assertThat(s.err()).as("debug logging was on").contains("DEBUG");
        assertThat(s.out()).doesNotContain(secret).doesNotContain(marker);
        assertThat(s.err()).doesNotContain(secret).doesNotContain(marker);
        if (exit == 0) {
            assertThat(s.processes()).as("pwsh was running while looked at").isNotEmpty();
        }
        for (String p : s.processes()) {
            assertThat(p).doesNotContain(secret).doesNotContain(marker);
        }
    }

    /**
     * Runs {@code exo-bridge --verbose run --simulator ... AUTH -c SCRIPT} in a child JVM with
     * {@code env}; the script waits until this test has read the cmdline and environ of every
     * descendant of the child.
     */
    private static Seen run(Map<String, String> env, List<String> auth) throws Exception {
        Path ready = Files.createTempFile(tmp, "ready", "");
        Files.delete(ready);
        Path done = Files.createTempFile(tmp, "done", "");
        Files.delete(done);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace",
                "dev.exobridge.cli.Main", "--pwsh", TestPwsh.pwsh().toString(), "--verbose", "run", "--simulator",
                "--simulator-state", tenant.state.toString()));
        cmd.addAll(auth);
        cmd.addAll(List.of("-c", "param($Ready, $Done) New-Item -ItemType File $Ready | Out-Null; "
                + "$t = [DateTime]::UtcNow.AddSeconds(60); "
                + "while (-not (Test-Path $Done) -and [DateTime]::UtcNow -lt $t) { Start-Sleep -Milliseconds 50 }; "
                + "(Get-EXOMailbox -ResultSize 1).Alias",
                "--param", "Ready=" + ready, "--param", "Done=" + done));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("EXOBRIDGE_"));
        pb.environment().putAll(env);
        pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        pb.environment().put("XDG_DATA_HOME", tmp.resolve("data").toString());
        pb.environment().put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(ready) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (Files.exists(ready)) {
            p.toHandle().descendants().forEach(h -> {
                seen.add(proc(h.pid(), "cmdline"));
                seen.add(proc(h.pid(), "environ"));
            });
        }
        Files.writeString(done, "");
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new Seen(p.exitValue(), out.get(), err.get(), seen);
    }

    private static String proc(long pid, String what) {
        try {
            return pid + " " + what + ": " + new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), what)),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return pid + " " + what + ": (gone)";
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
