package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.exobridge.Secret;
import dev.exobridge.exchange.ExchangeAuth;
import dev.exobridge.exchange.ExchangeOptions;
import dev.exobridge.exchange.ExchangeSession;
import dev.exobridge.psrp.TranscriptReader;
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
 * each auth mode and after a failed sign-in, nor in any file a run writes or leaves (folders of its
 * own: the temporary {@code tmpEXO_} module folder, read while the session lives, included), nor
 * in the engine's debugging transcript. The CLI runs as a child JVM so that its own environment
 * really holds the secrets.
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
    record Seen(int exit, String out, String err, List<String> processes, List<Path> files, int moduleFiles) {
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
        if (exit == 0) {
            assertThat(s.moduleFiles()).as("the temporary tmpEXO_ module was there while looked at").isPositive();
        }
        assertThat(s.files()).as("files that run had or left holding a secret").allSatisfy(f ->
                assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as("%s", f).doesNotContain(secret)
                        .doesNotContain(marker));
    }

    /** Every regular file under {@code dir}, now. */
    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            return List.of(); // a file removed while walking: the walk after exit sees the rest
        }
    }

    /** Copies of the files under {@code dir}, so that what a run removes at exit is still checked. */
    private static List<Path> snapshot(Path dir, Path into) throws IOException {
        List<Path> copies = new ArrayList<>();
        for (Path f : files(dir)) {
            Path c = into.resolve(copies.size() + "-" + f.getFileName());
            try {
                Files.copy(f, c);
                copies.add(c);
            } catch (IOException e) {
                // removed meanwhile
            }
        }
        return copies;
    }

    /**
     * The engine's debugging transcript ({@code SessionOptions.transcriptDirectory}, every packet
     * both ways) and the session's temporary module folder hold no secret of any mode: each goes
     * as a SecureString, encrypted with the session key.
     */
    @Test
    void noSecretInASessionTranscriptOrItsTemporaryModuleFolder() throws Exception {
        Secret token = tenant.token("01:00:00");
        String tokenText = new String(token.reveal());
        Map<String, ExchangeAuth> modes = Map.of(
                tenant.certPassword, tenant.certificateAuth(),
                tokenText, new ExchangeAuth.AccessToken(SimTenant.ORG, () -> token),
                tenant.userPassword, new ExchangeAuth.Credential(SimTenant.USER,
                        Secret.of(tenant.userPassword)));
        int checked = 0;
        for (var mode : modes.entrySet()) {
            Path transcript = Files.createTempDirectory(tmp, "transcript");
            Path module;
            List<Path> moduleFiles;
            try (var x = ExchangeSession.open(tenant.sessionOptions().toBuilder()
                    .transcriptDirectory(transcript).build(), mode.getValue(),
                    ExchangeOptions.builder().allowSimulator(true).build())) {
                assertThat(x.cmdlet("Get-EXOMailbox", Map.of("ResultSize", 1))).hasSize(1);
                module = Path.of(x.connection().moduleName()).getParent();
                moduleFiles = snapshot(module, Files.createTempDirectory(tmp, "module"));
            }
            assertThat(moduleFiles).as("the tmpEXO_ module's files").isNotEmpty();
            assertThat(module).as("removed at close").doesNotExist();
            List<Path> all = new ArrayList<>(files(transcript));
            assertThat(all).as("the transcript's two files").hasSize(2);
            // Packets carry base64: read the messages they hold, too.
            List<String> bodies = new ArrayList<>();
            for (Path f : files(transcript)) {
                TranscriptReader.messages(f).forEach(m -> bodies.add(m.body()));
            }
            assertThat(bodies).as("the secret went as a SecureString").anyMatch(b -> b.contains("<SS"));
            assertThat(bodies).as("transcript messages").isNotEmpty().allSatisfy(b -> assertThat(b)
                    .doesNotContain(mode.getKey()).doesNotContain(marker));
            checked += bodies.size();
            all.addAll(moduleFiles);
            all.addAll(files(tenant.dir.resolve("home")));
            for (Path f : all) {
                assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as("%s", f).doesNotContain(mode.getKey())
                        .doesNotContain(marker);
                checked++;
            }
        }
        System.out.printf("secrets: 3 modes; %d transcript messages and files (module, home) hold no secret or marker%n",
                checked);
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
        // Folders of this run's own, so that every file it writes (or leaves) can be read.
        Path runDir = Files.createTempDirectory(tmp, "run");
        Path runTmp = Files.createDirectories(runDir.resolve("tmp"));
        Path runHome = Files.createDirectories(runDir.resolve("home"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + runTmp, "-Duser.home=" + runHome,
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
        pb.environment().put("HOME", runHome.toString());
        pb.environment().put("TMPDIR", runTmp.toString());
        pb.environment().put("XDG_CACHE_HOME", runDir.resolve("cache").toString());
        pb.environment().put("XDG_DATA_HOME", runDir.resolve("data").toString());
        pb.environment().put("XDG_CONFIG_HOME", runDir.resolve("config").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(ready) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<Path> files = new ArrayList<>();
        int moduleFiles = 0;
        if (Files.exists(ready)) {
            p.toHandle().descendants().forEach(h -> {
                seen.add(proc(h.pid(), "cmdline"));
                seen.add(proc(h.pid(), "environ"));
            });
            // While the session lives: its tmpEXO_ module folder (removed at exit) included.
            files.addAll(snapshot(runDir, Files.createTempDirectory(tmp, "during")));
            moduleFiles = (int) files(runTmp.resolve("exo-bridge-exo-" + System.getProperty("user.name"))).size();
        }
        Files.writeString(done, "");
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        files.addAll(files(runDir)); // what the run left behind
        return new Seen(p.exitValue(), out.get(), err.get(), seen, files, moduleFiles);
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
