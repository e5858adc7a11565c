package dev.exobridge.pool;

import dev.exobridge.ShutdownHook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.exobridge.session.SessionException;
import dev.exobridge.testsupport.TestPwsh;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** No pwsh of ours remains after close, after the JVM exits, or after it is killed with kill -9. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "uses kill -9 and /proc")
@Timeout(120)
class PoolLeakTest {
    @AfterAll
    static void removeMarkerDirs() {
        PoolTesting.removeMarkerDirs();
    }

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() {
        children.forEach(Process::destroyForcibly);
    }

    @Test
    void closeEndsEverySessionEvenWithACallInFlight() throws Exception {
        String marker = PoolTesting.marker("close");
        SessionPool pool = SessionPool.start(PoolTesting.options(marker).sessions(2, 2).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.metrics().alive() == 2);
        List<Long> pids = pool.pids();
        assertThat(PoolTesting.descendantsWithMarker(marker)).containsExactlyInAnyOrderElementsOf(pids);
        CompletableFuture<Object> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.invoke("Start-Sleep -Seconds 60");
            } catch (RuntimeException e) {
                return e;
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.metrics().busy() == 1);

        pool.close();

        // close() returns once they are gone: no waiting here.
        assertThat(pids).noneMatch(PoolTesting::alive);
        assertThat(PoolTesting.descendantsWithMarker(marker)).isEmpty();
        assertThat(PoolTesting.processesWithMarker(marker)).isEmpty();
        assertThat(inFlight.get(10, TimeUnit.SECONDS)).isInstanceOf(SessionException.class);
        assertThat(pool.isClosed()).isTrue();
        assertThat(ShutdownHook.registered()).doesNotContain(pool);
        pool.close(); // idempotent
    }

    private Process child(String marker, String mode, int pools, int sessions, Path stderr) throws IOException {
        PoolTesting.markerDir(marker); // made (and removed at exit) by this JVM, which outlives the child
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path home = Files.createDirectories(stderr.resolveSibling("home"));
        Process p = new ProcessBuilder(java, "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"),
                ChildPoolMain.class.getName(), TestPwsh.pwsh().toString(), marker, mode, Integer.toString(pools),
                Integer.toString(sessions))
                .redirectError(stderr.toFile())
                .start();
        children.add(p);
        return p;
    }

    private static List<Long> readPids(Process p) throws IOException {
        List<Long> pids = new ArrayList<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null && !line.equals("READY"); line = out.readLine()) {
            if (line.startsWith("PID ")) {
                pids.add(Long.parseLong(line.substring(4)));
            }
        }
        return pids;
    }

    @Test
    void childJvmKilledWithKill9LeavesNoPwsh(@TempDir Path dir) throws Exception {
        String marker = PoolTesting.marker("kill9");
        Process jvm = child(marker, "sleep", 1, 4, dir.resolve("stderr.txt"));
        List<Long> pids = readPids(jvm);
        assertThat(pids).as("child stderr: %s", Files.readString(dir.resolve("stderr.txt"))).hasSize(4);
        assertThat(pids).allMatch(PoolTesting::alive);
        assertThat(PoolTesting.processesWithMarker(marker)).containsExactlyInAnyOrderElementsOf(pids);
        assertThat(PoolTesting.descendantsWithMarker(jvm.toHandle(), marker)).as("pwsh below the child JVM")
                .containsExactlyInAnyOrderElementsOf(pids);

        PoolTesting.kill9(jvm.pid());
        assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(jvm.exitValue()).isEqualTo(137);

        // Their stdin closed with the JVM, so they end by themselves.
        long t0 = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).until(() -> pids.stream().noneMatch(PoolTesting::alive));
        System.out.printf("orphans: the 4 pwsh of a child JVM killed with kill -9 gone after %d ms%n",
                (System.nanoTime() - t0) / 1_000_000);
        assertThat(PoolTesting.processesWithMarker(marker)).isEmpty();
    }

    @Test
    void oneShutdownHookClosesEveryOpenPoolAtExit(@TempDir Path dir) throws Exception {
        String marker = PoolTesting.marker("hook");
        Path stderr = dir.resolve("stderr.txt");
        Process jvm = child(marker, "exit", 2, 1, stderr);
        List<Long> pids = readPids(jvm);
        assertThat(pids).hasSize(2);
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(jvm.exitValue()).isZero();

        String log = Files.readString(stderr);
        assertThat(log).contains("JVM shutdown: closing 2 open exo-bridge resource(s)")
                .contains(marker + "-0: closed").contains(marker + "-1: closed")
                .contains("JVM shutdown: exo-bridge resources closed");
        // The hook closed them before the JVM ended: nothing to wait for.
        assertThat(pids).noneMatch(PoolTesting::alive);
        assertThat(PoolTesting.processesWithMarker(marker)).isEmpty();
    }
}
