package dev.exobridge.pool;

import dev.exobridge.pwsh.ProcessTree;
import dev.exobridge.session.SessionOptions;
import dev.exobridge.testsupport.TestPwsh;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Helpers for pool tests: options for the test pwsh, and questions about processes. */
final class PoolTesting {
    private static final Set<Path> MARKER_DIRS = ConcurrentHashMap.newKeySet();
    private PoolTesting() {
    }

    /**
     * Options with the test pwsh, short housekeeping and no jitter. Every pwsh gets
     * {@code -WorkingDirectory <marker>} on its command line (harmless; server mode kept), so a
     * test finds its processes by command line even after they were re-parented.
     */
    static PoolOptions.Builder options(String marker) {
        SessionOptions session = SessionOptions.builder().pwsh(TestPwsh.pwsh())
                .arguments(List.of("-NoLogo", "-NoProfile", "-s", "-WorkingDirectory", markerDir(marker).toString()))
                .stopGrace(Duration.ofSeconds(2))
                .closeTimeout(Duration.ofSeconds(3))
                .build();
        return PoolOptions.builder().name(marker).session(session).lifetimeJitter(0)
                .housekeepingPeriod(Duration.ofMillis(500));
    }

    /** A fresh marker naming one test's pool. */
    static String marker(String what) {
        return "exo-pool-test-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Removes the (empty) marker directories made so far; call it from {@code @AfterAll}
     * ({@code deleteOnExit} did not run in surefire's forked JVM).
     */
    static void removeMarkerDirs() {
        for (Path dir : MARKER_DIRS) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // not empty or already gone: leave it
            }
        }
        MARKER_DIRS.clear();
    }

    static Path markerDir(String marker) {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), marker);
        try {
            Files.createDirectories(dir);
            MARKER_DIRS.add(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return dir;
    }

    /** Live (non-zombie) pwsh processes, anywhere on the machine, whose command line contains {@code marker}. */
    static List<Long> processesWithMarker(String marker) {
        return pwshWithMarker(ProcessHandle.allProcesses(), marker);
    }

    /** Live pwsh processes below {@code root} in the process tree whose command line contains {@code marker}. */
    static List<Long> descendantsWithMarker(ProcessHandle root, String marker) {
        return pwshWithMarker(root.descendants(), marker);
    }

    /** Live pwsh processes below this JVM whose command line contains {@code marker}. */
    static List<Long> descendantsWithMarker(String marker) {
        return descendantsWithMarker(ProcessHandle.current(), marker);
    }

    private static List<Long> pwshWithMarker(Stream<ProcessHandle> processes, String marker) {
        return processes
                .filter(p -> p.info().command().map(c -> c.endsWith("pwsh") || c.endsWith("pwsh.exe")).orElse(false))
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .filter(p -> alive(p.pid()))
                .map(ProcessHandle::pid)
                .collect(Collectors.toList());
    }

    /**
     * Whether the process runs: exists and is not a zombie (an exited child nobody reaped yet,
     * which has released everything and which {@link ProcessHandle#isAlive()} still counts).
     */
    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessTree::isAlive).orElse(false);
    }

    /** A real SIGKILL, sent by the kill command (not through the JVM's own process object). */
    static void kill9(long pid) {
        signal("9", pid);
    }

    /** {@code kill -<sig> <pid>}: STOP freezes a process, CONT thaws it; a process already gone is fine. */
    static void signal(String sig, long pid) {
        try {
            if (!new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("kill -" + sig + " " + pid + " did not end within 10 s");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
