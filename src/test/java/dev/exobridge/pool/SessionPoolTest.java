package dev.exobridge.pool;

import dev.exobridge.ShutdownHook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.exobridge.json.ResultObject;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationResult;
import dev.exobridge.session.InvocationTimeoutException;
import dev.exobridge.session.PowerShellErrorException;
import dev.exobridge.session.ResultStream;
import dev.exobridge.session.SessionDeadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class SessionPoolTest {
    @AfterAll
    static void removeMarkerDirs() {
        PoolTesting.removeMarkerDirs();
    }

    private static String text(InvocationResult r) {
        return r.output().get(0).json().asText();
    }

    /**
     * The warm-up proof: each session's warm-up stores an id unique to that session; 2,000 calls
     * from 4 threads (plain calls, streams, leases, and calls stopped by their timeout) all see the
     * id of the session they ran in, so none ran in a runspace the warm-up missed.
     */
    @Test
    void everyCallRunsWhereTheWarmUpRan() throws Exception {
        String marker = PoolTesting.marker("warm");
        PoolOptions options = PoolTesting.options(marker).sessions(2, 2)
                .warmUp("import a module", "Import-Module Microsoft.PowerShell.Utility -ErrorAction Stop")
                .warmUp("mark the runspace", "$global:warm = \"$PID/\" + [guid]::NewGuid()")
                .build();
        Invocation probe = Invocation.script("\"$global:warm|$PID\"").build();
        Invocation slow = Invocation.script("Start-Sleep -Seconds 30").timeout(Duration.ofMillis(300)).build();
        Map<String, String> warmIdByPid = new ConcurrentHashMap<>();
        List<String> cold = new ArrayList<>();
        int[] timeouts = new int[1];
        try (SessionPool pool = SessionPool.start(options)) {
            ExecutorService threads = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        List<String> seen = new ArrayList<>();
                        if (i % 50 == 7) {
                            try (ResultStream s = pool.stream(probe)) {
                                s.forEachRemaining(o -> seen.add(o.json().asText()));
                            }
                        } else if (i % 50 == 13) {
                            try (Lease lease = pool.borrow()) {
                                seen.add(text(lease.invoke(probe)));
                                seen.add(text(lease.invoke(probe)));
                            }
                        } else if (i % 100 == 29) {
                            try {
                                pool.invoke(slow);
                            } catch (InvocationTimeoutException e) {
                                assertThat(e.sessionKilled()).as("Start-Sleep stops cleanly").isFalse();
                                synchronized (timeouts) {
                                    timeouts[0]++;
                                }
                            }
                            seen.add(text(pool.invoke(probe)));
                        } else {
                            seen.add(text(pool.invoke(probe)));
                        }
                        for (String s : seen) {
                            String[] parts = s.split("\\|");
                            String warm = parts[0];
                            String pid = parts[1];
                            if (warm.isEmpty() || !warm.startsWith(pid + "/")) {
                                synchronized (cold) {
                                    cold.add(s);
                                }
                            } else {
                                String first = warmIdByPid.putIfAbsent(pid, warm);
                                assertThat(first == null ? warm : first).as("one warm-up per session").isEqualTo(warm);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(10, TimeUnit.MINUTES);
            }
            threads.shutdown();
            PoolMetrics m = pool.metrics();
            assertThat(cold).as("calls that ran cold").isEmpty();
            assertThat(warmIdByPid).as("both sessions served calls").hasSize(2);
            assertThat(timeouts[0]).isEqualTo(20);
            assertThat(m.restarts()).as("a cleanly stopped timeout keeps its warm session").isZero();
            assertThat(m.calls()).isEqualTo(4 * (500 + 10 + 5)); // lease and timeout rounds make two calls
            assertThat(m.errors()).isEqualTo(20);
        }
    }

    @Test
    void borrowTimeoutSaysHowLongItWaitedAndHowManyWereBusy() {
        try (SessionPool pool = SessionPool.start(PoolTesting.options(PoolTesting.marker("busy")).sessions(2, 2).build())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> pool.metrics().alive() == 2);
            try (Lease a = pool.borrow(); Lease b = pool.borrow()) {
                assertThat(a.pid()).isNotEqualTo(b.pid());
                assertThatThrownBy(() -> pool.borrow(Duration.ofMillis(300)))
                        .isInstanceOfSatisfying(BorrowTimeoutException.class, e -> {
                            assertThat(e.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
                            assertThat(e.busy()).isEqualTo(2);
                            assertThat(e.alive()).isEqualTo(2);
                        })
                        .hasMessageContaining("after waiting")
                        .hasMessageContaining("2 of 2 sessions busy (maximum 2)")
                        .hasMessageContaining("raise maxSessions or borrowTimeout");
                assertThat(pool.metrics().busy()).isEqualTo(2);
            }
            try (Lease c = pool.borrow(Duration.ofSeconds(5))) {
                assertThat(text(c.invoke("1 + 1"))).isEqualTo("2");
            }
        }
    }

    @Test
    void streamGivesItsSessionBackWhenExhaustedOrClosed() {
        try (SessionPool pool = SessionPool.start(PoolTesting.options(PoolTesting.marker("stream")).sessions(1, 1)
                .warmUp("mark", "$global:mark = 'warm'").build())) {
            long pid = pool.pids().get(0);
            List<Long> all = new ArrayList<>();
            try (ResultStream s = pool.stream(Invocation.script("1..5").build())) {
                assertThat(pool.metrics().busy()).isEqualTo(1);
                s.forEachRemaining(o -> all.add(o.json().asLong()));
            }
            assertThat(all).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(pool.metrics().busy()).isZero();

            ResultStream endless = pool.stream(Invocation.script("while ($true) { 1 }").build());
            assertThat(endless.next().json().asInt()).isEqualTo(1);
            assertThat(pool.metrics().busy()).isEqualTo(1);
            endless.close();
            assertThat(pool.metrics().busy()).isZero();
            // The stopped pipeline left the session as it was: same process, still warm.
            assertThat(text(pool.invoke("\"$global:mark $PID\""))).isEqualTo("warm " + pid);
            assertThat(pool.metrics().restarts()).isZero();
        }
    }

    @Test
    void deadIdleSessionIsNeverHandedOutAndIsReplacedInTheBackground() {
        try (SessionPool pool = SessionPool.start(PoolTesting.options(PoolTesting.marker("dead")).sessions(1, 1)
                .healthCheck("1", Duration.ZERO, Duration.ofSeconds(5)).build())) {
            long first = pool.pids().get(0);
            PoolTesting.kill9(first);
            // Checked on borrow: the dead one is not handed out, whether or not the pool noticed yet.
            try (Lease lease = pool.borrow()) {
                assertThat(lease.pid()).isNotEqualTo(first);
                assertThat(text(lease.invoke("$PID"))).isEqualTo(Long.toString(lease.pid()));
            }
            long second = pool.pids().get(0);
            PoolTesting.kill9(second);
            // Nobody borrows: the pool replaces it by itself.
            await().atMost(Duration.ofSeconds(20)).until(() -> pool.pids().size() == 1 && !pool.pids().contains(second));
            assertThat(pool.metrics().restarts()).isEqualTo(2);
            assertThat(PoolTesting.alive(first) || PoolTesting.alive(second)).isFalse();
        }
    }

    @Test
    void sessionFailingItsHealthCheckIsReplaced() {
        try (SessionPool pool = SessionPool.start(PoolTesting.options(PoolTesting.marker("sick")).sessions(1, 1)
                .healthCheck("if ($global:sick) { throw 'sick' }", Duration.ZERO, Duration.ofSeconds(5)).build())) {
            long sick;
            try (Lease lease = pool.borrow()) {
                sick = lease.pid();
                lease.invoke("$global:sick = $true");
            }
            try (Lease lease = pool.borrow()) {
                assertThat(lease.pid()).isNotEqualTo(sick);
                assertThat(text(lease.invoke("[bool]$global:sick"))).isEqualTo("false");
            }
            assertThat(pool.metrics().restarts()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> !PoolTesting.alive(sick));
        }
    }

    @Test
    void powerShellErrorIsNeverRetriedAndKeepsTheSession() {
        try (SessionPool pool = SessionPool.start(PoolTesting.options(PoolTesting.marker("error")).sessions(1, 1).build())) {
            long pid = pool.pids().get(0);
            Invocation failing = Invocation.script("$global:tries++; throw \"boom $global:tries\"").idempotent(true).build();
            assertThatThrownBy(() -> pool.invoke(failing)).isInstanceOf(PowerShellErrorException.class)
                    .hasMessageContaining("boom 1");
            assertThat(text(pool.invoke("$global:tries"))).as("ran once").isEqualTo("1");
            PoolMetrics m = pool.metrics();
            assertThat(m.retries()).isZero();
            assertThat(m.errors()).isEqualTo(1);
            assertThat(m.calls()).isEqualTo(2);
            assertThat(m.restarts()).isZero();
            assertThat(pool.pids()).containsExactly(pid);
        }
    }

    /** A script that kills its own pwsh the first time it runs, and answers "ok" after. */
    private static Invocation crashOnce(Path flag, boolean idempotent) {
        return Invocation.script("param($flag) if (-not (Test-Path $flag)) { New-Item $flag | Out-Null;"
                + " Stop-Process -Id $PID -Force }; 'ok'").param("flag", flag.toString()).idempotent(idempotent).build();
    }

    @Test
    void idempotentCallIsRetriedOnAnotherSessionAfterACrash(@TempDir Path dir) {
        try (SessionPool pool = SessionPool.start(PoolTesting.options(PoolTesting.marker("retry")).sessions(2, 2).build())) {
            assertThat(text(pool.invoke(crashOnce(dir.resolve("a"), true)))).isEqualTo("ok");
            try (ResultStream s = pool.stream(crashOnce(dir.resolve("b"), true))) {
                assertThat(s.next().json().asText()).isEqualTo("ok");
                assertThat(s.hasNext()).isFalse();
            }
            PoolMetrics m = pool.metrics();
            assertThat(m.retries()).isEqualTo(2);
            assertThat(m.errors()).isZero();
            assertThat(m.restarts()).isEqualTo(2);

            assertThatThrownBy(() -> pool.invoke(crashOnce(dir.resolve("c"), false)))
                    .isInstanceOf(SessionDeadException.class);
            assertThat(Files.exists(dir.resolve("c"))).isTrue();
            assertThat(pool.metrics().retries()).as("not idempotent: not retried").isEqualTo(2);
            await().atMost(Duration.ofSeconds(20)).until(() -> pool.metrics().alive() == 2);
        }
    }

    @Test
    void leaseRunsSeveralCallsOnOneSession() {
        try (SessionPool pool = SessionPool.start(PoolTesting.options(PoolTesting.marker("lease")).sessions(1, 2).build())) {
            try (Lease lease = pool.borrow()) {
                lease.invoke("$x = 41");
                assertThat(text(lease.invoke("$x + 1"))).isEqualTo("42");
                List<ResultObject> out = new ArrayList<>();
                try (ResultStream s = lease.stream(Invocation.script("$x; $x").build())) {
                    s.forEachRemaining(out::add);
                }
                assertThat(out).hasSize(2);
                assertThat(lease.isReady()).isTrue();
            }
            Lease closed = pool.borrow();
            closed.close();
            closed.close();
            assertThatThrownBy(() -> closed.invoke("1")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("borrow a session again");
            assertThat(pool.metrics().busy()).isZero();
        }
        assertThat(ShutdownHook.registered()).noneMatch(r -> r.toString().contains("exo-pool-test-lease"));
    }

    /**
     * Without a warm-up a session may have several runspaces: two leases share one pwsh and run at
     * once (the first waits for a file only the second creates, so run one after the other they
     * would never finish), and a third borrower waits.
     */
    @Test
    void sessionWithTwoRunspacesServesTwoLeasesAtOnce(@TempDir Path dir) throws Exception {
        try (SessionPool pool = SessionPool.start(PoolTesting.options(PoolTesting.marker("runspaces")).sessions(1, 1)
                .runspacesPerSession(2).build())) {
            Path signal = dir.resolve("signal");
            try (Lease a = pool.borrow(); Lease b = pool.borrow()) {
                assertThat(a.pid()).isEqualTo(b.pid());
                CompletableFuture<InvocationResult> waiting = CompletableFuture.supplyAsync(() -> a.invoke(
                        Invocation.script("param($f) while (-not (Test-Path $f)) { Start-Sleep -Milliseconds 20 }; 'a'")
                                .param("f", signal.toString()).timeout(Duration.ofSeconds(30)).build()));
                b.invoke(Invocation.script("param($f) New-Item $f | Out-Null").param("f", signal.toString()).build());
                assertThat(text(waiting.get(30, TimeUnit.SECONDS))).isEqualTo("a");
                assertThatThrownBy(() -> pool.borrow(Duration.ofMillis(200))).isInstanceOf(BorrowTimeoutException.class)
                        .hasMessageContaining("1 of 1 sessions busy");
            }
            assertThat(pool.metrics().busy()).isZero();
        }
    }
}
