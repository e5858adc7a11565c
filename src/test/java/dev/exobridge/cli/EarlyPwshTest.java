package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exobridge.pwsh.ProcessTree;
import dev.exobridge.testsupport.TestPwsh;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run's early pwsh ({@link EarlyPwsh}): which command lines start pwsh before picocli has parsed
 * them, and, with {@code exo-bridge} as a process of its own (its {@code main}): the run uses
 * the early pwsh (one pwsh started, not two), a usage error leaves no pwsh behind, {@code --help}
 * starts none, and the close leaves pwsh nothing to complain about on stderr.
 */
class EarlyPwshTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STARTED = Pattern.compile("started pwsh -s, pid (\\d+)");

    @TempDir
    Path home;

    @Test
    void onlyAPlainRunStartsPwshEarly() {
        assertThat(EarlyPwsh.scan(List.of("run", "-c", "1"))).isEqualTo(new EarlyPwsh.Scan(null));
        assertThat(EarlyPwsh.scan(List.of("--verbose", "--pwsh", "/p/pwsh", "run", "--format", "ndjson", "-c", "1",
                "--depth=2", "--timeout", "5s", "--with-types", "--param", "A=1", "--", "--help")))
                .isEqualTo(new EarlyPwsh.Scan(Path.of("/p/pwsh")));
        assertThat(EarlyPwsh.scan(List.of("run", "--pwsh=/q/pwsh", "-f", "x.ps1", "first")))
                .isEqualTo(new EarlyPwsh.Scan(Path.of("/q/pwsh")));
        assertThat(EarlyPwsh.scan(List.of("run"))).as("a usage error picocli will report").isNotNull();
        for (List<String> no : List.<List<String>>of(List.of(), List.of("--help"), List.of("run", "--help"), List.of("run", "-h"),
                List.of("--version"), List.of("pwsh", "info"), List.of("doctor"), List.of("run", "--simulator", "-c", "1"),
                List.of("run", "--profile", "p", "-c", "1"), List.of("run", "--organization", "o", "-c", "1"),
                List.of("run", "-c", "1", "--bogus"), List.of("--pwsh", "a", "--pwsh", "b", "run", "-c", "1"),
                List.of("run", "--pwsh"), List.of("setup", "run"))) {
            assertThat(EarlyPwsh.scan(no)).as(String.valueOf(no)).isNull();
        }
    }

    /** {@code exo-bridge ARGS} in a child JVM (its main), with a marker in its environment. */
    private CliRun exoBridge(String marker, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Child.java().toString(), "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Map<String, String> env = new java.util.HashMap<>();
        env.put("EXOBRIDGE_PWSH", TestPwsh.pwsh().toString());
        env.put("EARLY_PWSH_TEST_MARKER", marker);
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        return Child.run(command, env, 120, home);
    }

    /** Live pwsh processes whose environment holds the marker. */
    private static List<Long> pwshWithMarker(String marker) throws IOException {
        List<Long> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String comm = Files.readString(p.resolve("comm")).trim();
                    long pid = Long.parseLong(p.getFileName().toString());
                    boolean zombie = !ProcessHandle.of(pid).map(ProcessTree::isAlive).orElse(false);
                    String environ = new String(Files.readAllBytes(p.resolve("environ")), StandardCharsets.UTF_8);
                    if (comm.startsWith("pwsh") && !zombie && environ.contains("EARLY_PWSH_TEST_MARKER=" + marker)) {
                        found.add(pid);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        }
        return found;
    }

    private static List<String> startedPids(String stderr) {
        List<String> pids = new ArrayList<>();
        Matcher m = STARTED.matcher(stderr);
        while (m.find()) {
            pids.add(m.group(1));
        }
        return pids;
    }

    @Test
    void theRunUsesTheEarlyPwshAndItsCloseLeavesPwshNothingToSay() throws Exception {
        String marker = UUID.randomUUID().toString();
        CliRun r = exoBridge(marker, "--verbose", "run", "-c", "1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(JSON.readTree(r.out())).isEqualTo(JSON.readTree("[1]"));
        assertThat(startedPids(r.err())).as("one pwsh, started early and used: " + r.err()).hasSize(1);
        assertThat(r.err()).doesNotContain("does not fit").doesNotContain("unused pending");
        // pwsh says this when its input ends before it is terminated; after the protocol's close it must not
        assertThat(r.err()).contains(": closed").doesNotContain("unknown element");
        assertThat(pwshWithMarker(marker)).isEmpty();
    }

    @Test
    void aUsageErrorLeavesNoPwshBehind() throws Exception {
        for (String[] args : List.of(new String[] {"--verbose", "run", "--depth", "0", "-c", "1"},
                new String[] {"--verbose", "run"}, new String[] {"--verbose", "run", "-c", "1", "-f", "x.ps1"})) {
            String marker = UUID.randomUUID().toString();
            CliRun r = exoBridge(marker, args);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE.code());
            assertThat(r.out()).isEmpty();
            assertThat(startedPids(r.err())).as("pwsh was started early: " + r.err()).hasSize(1);
            assertThat(r.err()).contains("ending the unused pending pwsh [" + startedPids(r.err()).get(0) + "]");
            assertThat(pwshWithMarker(marker)).as(List.of(args).toString()).isEmpty();
        }
    }

    @Test
    void helpStartsNoPwsh() throws Exception {
        String marker = UUID.randomUUID().toString();
        CliRun r = exoBridge(marker, "--verbose", "run", "--help");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Usage:");
        assertThat(startedPids(r.err())).isEmpty();
        assertThat(pwshWithMarker(marker)).isEmpty();
    }

    @Test
    void aMissingPwshFailsAsWithoutTheEarlyStart() throws Exception {
        String marker = UUID.randomUUID().toString();
        String missing = home.resolve("no/pwsh").toString();
        CliRun early = exoBridge(marker, "--pwsh", missing, "run", "-c", "1");
        CliRun inProcess = CliRun.of("--pwsh", missing, "run", "-c", "1"); // Main.execute: no early start
        assertThat(early.exitCode()).as(early.toString()).isEqualTo(inProcess.exitCode()).isNotZero();
        assertThat(early.out()).isEmpty();
        assertThat(early.err().lines().findFirst()).isEqualTo(inProcess.err().lines().findFirst());
        assertThat(pwshWithMarker(marker)).isEmpty();
    }
}
