package dev.exobridge.pool;

import dev.exobridge.ShutdownHook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.exobridge.session.Invocation;
import dev.exobridge.session.PowerShellErrorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Warm-up failures: a clear error naming the step, no broken session handed out, no tight retry loop. */
@Timeout(120)
class PoolWarmUpTest {
    @AfterAll
    static void removeMarkerDirs() {
        PoolTesting.removeMarkerDirs();
    }

    /** A step that logs "pid ticks" to {@code log}, then throws while {@code flag} exists. */
    private static WarmUpStep connect(Path flag, Path log) {
        return new WarmUpStep("connect to Exchange Online", Invocation.script("param($flag, $log)"
                        + " Add-Content -Path $log -Value \"$PID $([DateTime]::UtcNow.Ticks)\";"
                        + " if (Test-Path $flag) { throw 'simulated outage: the tenant did not answer' }")
                .param("flag", flag.toString()).param("log", log.toString()).build());
    }

    private static List<long[]> attempts(Path log) throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        return Files.readAllLines(log).stream().filter(l -> !l.isBlank())
                .map(l -> l.trim().split(" "))
                .map(p -> new long[] {Long.parseLong(p[0]), Long.parseLong(p[1])})
                .toList();
    }

    @Test
    void failingStepFailsThePoolStartWithItsNameAndReason(@TempDir Path dir) throws IOException {
        Path flag = Files.createFile(dir.resolve("down"));
        Path log = dir.resolve("attempts.log");
        String marker = PoolTesting.marker("warmfail");
        PoolOptions options = PoolTesting.options(marker).sessions(1, 2)
                .warmUp("import module", "Import-Module Microsoft.PowerShell.Utility")
                .warmUp(connect(flag, log))
                .build();
        assertThatThrownBy(() -> SessionPool.start(options))
                .isInstanceOfSatisfying(WarmUpException.class, e -> {
                    assertThat(e.step()).isEqualTo("connect to Exchange Online");
                    assertThat(e.stepNumber()).isEqualTo(2);
                    assertThat(e.getCause()).isInstanceOf(PowerShellErrorException.class);
                })
                .hasMessageContaining("warm-up step 2 of 2 ('connect to Exchange Online') failed in pwsh-")
                .hasMessageContaining("it threw: simulated outage: the tenant did not answer")
                .hasMessageContaining("the session was closed and not handed out");
        List<long[]> tried = attempts(log);
        assertThat(tried).hasSize(1);
        assertThat(PoolTesting.alive(tried.get(0)[0])).as("the half-warmed pwsh is gone").isFalse();
        assertThat(PoolTesting.descendantsWithMarker(marker)).isEmpty();
        assertThat(ShutdownHook.registered()).noneMatch(r -> r.toString().equals(marker));
    }

    @Test
    void stepWritingAnErrorRecordFailsTheWarmUp() {
        PoolOptions options = PoolTesting.options(PoolTesting.marker("warmerr")).sessions(1, 1)
                .warmUp("import a missing module", "Import-Module No.Such.Module.Here").build();
        assertThatThrownBy(() -> SessionPool.start(options))
                .isInstanceOf(WarmUpException.class)
                .hasMessageContaining("step 1 of 1 ('import a missing module')")
                .hasMessageContaining("No.Such.Module.Here");
    }

    /**
     * While the warm-up fails, borrowers time out with the warm-up failure as the cause, no
     * session is handed out, and the pool backs off (0.5 s, then 1 s, then 2 s between starts)
     * instead of restarting pwsh in a tight loop; once it works again the pool recovers.
     */
    @Test
    void failingWarmUpBacksOffAndNeverHandsOutAHalfWarmedSession(@TempDir Path dir) throws Exception {
        Path flag = dir.resolve("down");
        Path log = dir.resolve("attempts.log");
        try (SessionPool pool = SessionPool.start(PoolTesting.options(PoolTesting.marker("backoff")).sessions(1, 1)
                .startBackoff(Duration.ofMillis(500), Duration.ofSeconds(2))
                .warmUp(connect(flag, log)).build())) {
            long healthy = pool.pids().get(0);
            Files.createFile(flag);
            PoolTesting.kill9(healthy);
            await().atMost(Duration.ofSeconds(10)).until(() -> !pool.pids().contains(healthy));

            // Wait for two failed starts after the healthy one, however slow the machine is.
            await().atMost(Duration.ofSeconds(90)).until(() -> attempts(log).size() >= 3);
            assertThatThrownBy(() -> pool.borrow(Duration.ofMillis(200)))
                    .isInstanceOfSatisfying(BorrowTimeoutException.class,
                            e -> assertThat(e.getCause()).isInstanceOf(WarmUpException.class))
                    .hasMessageContaining("the last session start failed: warm-up step 1 of 1"
                            + " ('connect to Exchange Online')")
                    .hasMessageContaining("simulated outage");

            // An attempt logs itself from inside its warm-up and is counted once it failed: count first.
            await().atMost(Duration.ofSeconds(30)).until(() -> pool.metrics().startFailures() >= 2);
            long startFailures = pool.metrics().startFailures();
            List<long[]> all = attempts(log);
            List<long[]> failed = all.subList(1, all.size());
            assertThat(failed).hasSizeGreaterThanOrEqualTo(2);
            long tick = 10_000; // DateTime ticks per millisecond
            for (int i = 1; i < failed.size(); i++) {
                long gapMs = (failed.get(i)[1] - failed.get(i - 1)[1]) / tick;
                long backoffMs = Math.min(2000, 500L << (i - 1));
                assertThat(gapMs).as("wait before attempt %d", i + 1).isGreaterThanOrEqualTo(backoffMs);
            }
            // The last attempt logged itself from inside its warm-up: its pwsh may still be closing.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(failed)
                    .allSatisfy(a -> assertThat(PoolTesting.alive(a[0])).as("pid %d", a[0]).isFalse()));
            assertThat(startFailures).isGreaterThanOrEqualTo(2).isLessThanOrEqualTo(failed.size());
            assertThat(pool.metrics().alive()).isZero();

            Files.delete(flag);
            await().atMost(Duration.ofSeconds(30)).until(() -> pool.metrics().alive() == 1);
            assertThat(pool.invoke("'back'").output().get(0).json().asText()).isEqualTo("back");
        }
    }
}
