package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exobridge.testsupport.OtherUser;
import dev.exobridge.testsupport.SimTenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker/entrypoint.sh for real, in an environment like the image's (the image itself cannot be
 * built here): {@code env -i}, a user that is not root ({@link OtherUser}, through setpriv) who
 * can write only its own HOME and temporary folder, the launcher, the jar and pwsh at paths from
 * the environment, secrets as files, against the simulator. Plain jobs (a profile, the auth
 * options from the environment, a wrong password whose exit 5 is passed on, a SIGTERM that stops
 * the script cleanly with 143), and an Indexed Job
 * of three tenants run at once as Kubernetes would with parallelism 3. The simulator serves one
 * organization per state file, so the three tenants are three profiles of it, each signing in
 * another way; which one ran shows in the connection each reports.
 */
class EntrypointIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ENTRYPOINT = Child.projectDir().resolve("docker").resolve("entrypoint.sh");
    private static final String SCRIPT = """
            $c = Get-ConnectionInformation
            [pscustomobject]@{ Upn = $c.UserPrincipalName; AppId = $c.AppId; Certificate = $c.CertificateAuthentication
                               Mailboxes = @(Get-EXOMailbox -ResultSize Unlimited).Count; Args = $args -join '|' }
            Write-Warning 'quota sweep done'
            """;

    static Path base;
    static SimTenant tenant;
    static Path script;
    static Path slowScript;
    static Path profiles;
    static Path tenants;

    @BeforeAll
    static void tenant() throws Exception {
        base = Child.projectDir().resolve("target").resolve("entrypoint-it").resolve(UUID.randomUUID().toString());
        Files.createDirectories(base);
        tenant = SimTenant.create(base.resolve("tenant"), SimTenant.marker(), 4, Map.of());
        Path wrongPassword = base.resolve("tenant").resolve("wrong.pw");
        SimTenant.write(wrongPassword, "not-" + tenant.certPassword);
        Path token = base.resolve("tenant").resolve("token");
        SimTenant.write(token, new String(tenant.javaToken(Duration.ofHours(1)).reveal()));
        script = base.resolve("tenant").resolve("job.ps1");
        Files.writeString(script, SCRIPT);
        slowScript = base.resolve("tenant").resolve("slow.ps1");
        Files.writeString(slowScript, "'started'\ntry { Start-Sleep -Seconds 120 } finally { Write-Warning 'stopped cleanly' }\n");
        // Three tenants of the jobs' view, one per way of signing in (the simulator serves one
        // organization per state file; which profile ran shows in the connection each reports).
        profiles = base.resolve("tenant").resolve("profiles.json");
        SimTenant.write(profiles, """
                {"contoso":  {"organization": "%1$s", "appId": "%2$s", "certificateFile": "%3$s",
                              "certificatePassword": "file:%4$s"},
                 "fabrikam": {"user": "%5$s", "password": "file:%6$s"},
                 "tailspin": {"organization": "%1$s", "accessToken": "file:%7$s"},
                 "wrong":    {"organization": "%1$s", "appId": "%2$s", "certificateFile": "%3$s",
                              "certificatePassword": "file:%8$s"}}
                """.formatted(SimTenant.ORG, SimTenant.APP_ID, tenant.pfx, tenant.certPasswordFile, SimTenant.USER,
                tenant.userPasswordFile, token, wrongPassword));
        tenants = base.resolve("tenant").resolve("tenants");
        Files.writeString(tenants, "# one profile a line\ncontoso\n\nfabrikam   \ntailspin\n");
        OtherUser.ownedFolder(base.resolve("tenant")); // the state, its lock and the secrets: the job's user's
    }

    @AfterAll
    static void close() throws IOException {
        if (tenant != null) {
            tenant.close();
        }
        if (base != null) {
            try (var all = Files.walk(base)) {
                for (Path p : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The entry point as the image runs it: nothing inherited, a HOME and TMPDIR of its own. */
    static CliRun job(String pod, Map<String, String> vars, String... args) throws Exception {
        return Child.run(jobCommand(pod, vars, args), Map.of(), 180);
    }

    /** The command line of {@link #job}: setpriv, env -i, the entry point. */
    static List<String> jobCommand(String pod, Map<String, String> vars, String... args) throws Exception {
        Path home = OtherUser.ownedFolder(base.resolve(pod).resolve("home"));
        Path tmp = OtherUser.ownedFolder(base.resolve(pod).resolve("tmp"));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("TMPDIR", tmp.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("EXOBRIDGE_LAUNCHER", Child.projectDir().resolve("bin").resolve("exo-bridge").toString());
        env.put("EXOBRIDGE_JAR", Child.jar().toString());
        env.put("EXOBRIDGE_PWSH", OtherUser.pwsh().toString());
        env.put("EXOBRIDGE_JOB_SCRIPT", script.toString());
        env.put("EXOBRIDGE_JOB_PROFILES", profiles.toString());
        env.put("EXOBRIDGE_JOB_TENANTS", tenants.toString());
        env.put("EXOBRIDGE_JOB_SIMULATOR_STATE", tenant.state.toString());
        env.putAll(vars);
        List<String> argv = new ArrayList<>(List.of("/usr/bin/env", "-i"));
        env.forEach((k, v) -> argv.add(k + "=" + v));
        argv.add(ENTRYPOINT.toString());
        argv.addAll(List.of(args));
        return OtherUser.command(argv);
    }

    /**
     * A job stopped as Kubernetes stops a pod: SIGTERM to the container's process, here the one
     * the entry point became through exec, once the script has started.
     */
    static CliRun terminated(String pod) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(jobCommand(pod, Map.of("EXOBRIDGE_JOB_PROFILE", "contoso",
                "EXOBRIDGE_JOB_SCRIPT", slowScript.toString())));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        var err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        var stdout = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        try {
            String first = stdout.readLine();
            out.append(first).append('\n');
            if ("\"started\"".equals(first)) {
                p.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its pipes
            }
            for (String l; (l = stdout.readLine()) != null; ) {
                out.append(l).append('\n');
            }
            assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("ended after SIGTERM").isTrue();
            return new CliRun(p.exitValue(), out.toString(), err.get(10, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    /** Every line of {@code text} as JSON: NDJSON on stdout, one record or error a line on stderr. */
    static List<JsonNode> lines(String text) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.lines().toList()) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    /** Runs the jobs at once, as pods of their own (a thread each: the common pool may have one). */
    @SafeVarargs
    static List<CliRun> atOnce(java.util.concurrent.Callable<CliRun>... pods) throws Exception {
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(pods.length);
        try {
            List<CliRun> runs = new ArrayList<>();
            for (var f : threads.invokeAll(List.of(pods))) {
                runs.add(f.get());
            }
            return runs;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aPlainJobRunsTheScriptWithItsConnectionAndPassesTheExitCodeOn() throws Exception {
        List<CliRun> runs = atOnce(
                () -> job("plain", Map.of("EXOBRIDGE_JOB_PROFILE", "contoso", "EXOBRIDGE_JOB_TIMEOUT", "2m"),
                        "--", "first", "two words"),
                () -> job("plain-env", Map.of("EXOBRIDGE_JOB_ORGANIZATION", SimTenant.ORG,
                        "EXOBRIDGE_JOB_APP_ID", SimTenant.APP_ID, "EXOBRIDGE_JOB_CERTIFICATE_FILE", tenant.pfx.toString(),
                        "EXOBRIDGE_JOB_CERTIFICATE_PASSWORD_FILE", tenant.certPasswordFile.toString())),
                () -> job("plain-wrong", Map.of("EXOBRIDGE_JOB_PROFILE", "wrong")),
                () -> terminated("plain-sigterm"));
        CliRun r = runs.get(0);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<JsonNode> out = lines(r.out());
        assertThat(out).as(r.toString()).hasSize(1);
        assertThat(out.get(0).path("AppId").asText()).isEqualTo(SimTenant.APP_ID);
        assertThat(out.get(0).path("Certificate").asBoolean()).isTrue();
        assertThat(out.get(0).path("Mailboxes").asInt()).isEqualTo(4);
        assertThat(out.get(0).path("Args").asText()).as("the entry point's arguments reach $args").isEqualTo("first|two words");
        assertThat(lines(r.err())).as(r.toString()).anySatisfy(l -> {
            assertThat(l.path("stream").asText()).isEqualTo("warning");
            assertThat(l.path("message").asText()).isEqualTo("quota sweep done");
        });

        CliRun env = runs.get(1);
        assertThat(env.exitCode()).as("the auth options from the environment: " + env).isZero();
        assertThat(lines(env.out()).get(0).path("Certificate").asBoolean()).isTrue();

        CliRun wrong = runs.get(2);
        assertThat(wrong.exitCode()).as("exo-bridge's own code, passed on: " + wrong).isEqualTo(ExitCode.AUTH_FAILED.code());
        assertThat(wrong.out()).isEmpty();
        assertThat(lines(wrong.err())).anySatisfy(l -> {
            assertThat(l.path("fullyQualifiedErrorId").asText()).isEqualTo("ExoBridge.AUTH_FAILED");
            assertThat(l.path("message").asText()).contains("password may be incorrect");
        });
        CliRun term = runs.get(3);
        assertThat(term.exitCode()).as("SIGTERM, as Kubernetes stops a pod: " + term).isEqualTo(ExitCode.TERMINATED.code());
        assertThat(term.out()).isEqualTo("\"started\"\n");
        assertThat(lines(term.err())).as("the script's finally ran").anySatisfy(l ->
                assertThat(l.path("message").asText()).isEqualTo("stopped cleanly"));
        for (CliRun any : runs) {
            assertThat(any.out() + any.err()).doesNotContain(tenant.certPassword);
        }
    }

    @Test
    void anIndexedJobRunsTheTenantOfEachIndex() throws Exception {
        List<CliRun> runs = atOnce(() -> job("index-0", Map.of("JOB_COMPLETION_INDEX", "0")),
                () -> job("index-1", Map.of("JOB_COMPLETION_INDEX", "1")),
                () -> job("index-2", Map.of("JOB_COMPLETION_INDEX", "2")));
        String[] names = {"contoso", "fabrikam", "tailspin"};
        for (int i = 0; i < 3; i++) {
            CliRun r = runs.get(i);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode note = lines(r.err()).get(0);
            assertThat(note.path("message").asText()).isEqualTo("exo-bridge-job: tenant " + (i + 1) + " of 3: profile " + names[i]);
            List<JsonNode> out = lines(r.out());
            assertThat(out).as(r.toString()).hasSize(1);
            assertThat(out.get(0).path("Mailboxes").asInt()).isEqualTo(4);
            assertThat(r.out() + r.err()).doesNotContain(tenant.certPassword).doesNotContain(tenant.userPassword);
        }
        assertThat(lines(runs.get(0).out()).get(0).path("Certificate").asBoolean()).as("contoso: the certificate").isTrue();
        assertThat(lines(runs.get(1).out()).get(0).path("Upn").asText()).as("fabrikam: the user").isEqualTo(SimTenant.USER);
        JsonNode token = lines(runs.get(2).out()).get(0);
        assertThat(token.path("Certificate").asBoolean()).as("tailspin: the token").isFalse();
        assertThat(token.path("Upn").asText()).isEmpty();
    }

    @Test
    void settingsThatCannotWorkExitTwoBeforeJavaStarts() throws Exception {
        CliRun beyond = job("beyond", Map.of("JOB_COMPLETION_INDEX", "3"));
        assertThat(beyond.exitCode()).as(beyond.toString()).isEqualTo(2);
        JsonNode e = lines(beyond.err()).get(0);
        assertThat(e.path("fullyQualifiedErrorId").asText()).isEqualTo("ExoBridge.USAGE");
        assertThat(e.path("message").asText()).contains("names 3 tenants (indexes 0 to 2)");
        assertThat(beyond.out()).isEmpty();

        CliRun value = job("value", Map.of("EXOBRIDGE_JOB_PROFILE", "contoso", "EXOBRIDGE_CERTIFICATE_PASSWORD",
                tenant.certPassword, "EXOBRIDGE_JOB_ERRORS_AS_JSON", "false"));
        assertThat(value.exitCode()).as(value.toString()).isEqualTo(2);
        assertThat(value.err()).startsWith("exo-bridge-job: EXOBRIDGE_CERTIFICATE_PASSWORD is set: secrets come only as mounted files")
                .doesNotContain(tenant.certPassword);

        CliRun none = job("none", Map.of("EXOBRIDGE_JOB_ERRORS_AS_JSON", "false"));
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("no connection: set EXOBRIDGE_JOB_PROFILE");
    }

    @Test
    void aHomeTheJobsUserCannotWriteExitsThree() throws Exception {
        Path rootsOnly = base.resolve("read-only-home");
        Files.createDirectories(rootsOnly);
        OtherUser.openToOthers(rootsOnly); // others may enter it, not write it: a read-only root without its emptyDir
        CliRun r = job("read-only", Map.of("HOME", rootsOnly.toString(), "EXOBRIDGE_JOB_PROFILE", "contoso"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(lines(r.err()).get(0).path("message").asText())
                .contains(rootsOnly + " (HOME or TMPDIR) is not a writable folder for user " + OtherUser.ID);
    }
}
