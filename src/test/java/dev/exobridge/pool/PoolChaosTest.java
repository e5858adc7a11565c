package dev.exobridge.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationResult;
import dev.exobridge.session.InvocationTimeoutException;
import dev.exobridge.session.SessionDeadException;
import dev.exobridge.testsupport.Counts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 1,000 calls from 4 threads while one random session in twenty calls is hit by a fault: mostly a
 * real {@code kill -9}, every fourth a {@code SIGSTOP} that freezes pwsh past the call timeout.
 * Every call has exactly one outcome (a result or one typed failure) and none is delivered twice;
 * idempotent calls all succeed (a freeze that caught one makes its session hang: it is killed
 * after the timeout and its grace, and the call runs again elsewhere); a non-idempotent call fails
 * only because its session died, or with its timeout when a freeze caught it (at most one per
 * freeze). The pool is back to its minimum afterwards, and no
 * pwsh is left. {@code EXOBRIDGE_CHAOS_CALLS} (or {@code -Dexobridge.chaos.calls}) sets the calls.
 */
@Timeout(900)
class PoolChaosTest {
    @AfterAll
    static void removeMarkerDirs() {
        PoolTesting.removeMarkerDirs();
    }

    private static final int THREADS = 4;
    private static final int FAULT_EVERY = 20;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    @Test
    void killingAndFreezingRandomSessionsLosesNoCallAndThePoolRecovers() throws Exception {
        String marker = PoolTesting.marker("chaos");
        int total = Counts.of("chaos.calls", 1000) / THREADS * THREADS;
        int perThread = total / THREADS;
        // Retries above the fault rate: a retried call may land on a session hit next.
        PoolOptions options = PoolTesting.options(marker).sessions(3, 5).idleTimeout(Duration.ofSeconds(2))
                .maxRetries(5).borrowTimeout(Duration.ofSeconds(120))
                .warmUp("mark", "$global:warm = $PID").build();
        AtomicReferenceArray<Object> outcomes = new AtomicReferenceArray<>(total);
        AtomicInteger doubleOutcomes = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        List<Long> killed = new ArrayList<>();
        List<Long> frozen = new ArrayList<>();
        long t0 = System.nanoTime();
        try (SessionPool pool = SessionPool.start(options)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> pool.metrics().alive() == 3);
            ExecutorService threads = Executors.newFixedThreadPool(THREADS + 1);
            CountDownLatch workersDone = new CountDownLatch(THREADS);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                workers.add(threads.submit(() -> {
                    try {
                        for (int i = 0; i < perThread; i++) {
                            int call = thread * perThread + i;
                            // Every other call is idempotent; each takes a while, so faults land mid-call.
                            Invocation inv = Invocation.script("Start-Sleep -Milliseconds 10; \"$global:warm $PID\"")
                                    .idempotent(call % 2 == 0).timeout(CALL_TIMEOUT).build();
                            Object outcome;
                            try {
                                outcome = pool.invoke(inv);
                            } catch (RuntimeException e) {
                                outcome = e;
                            }
                            if (!outcomes.compareAndSet(call, null, outcome)) {
                                doubleOutcomes.incrementAndGet();
                            }
                            ended.incrementAndGet();
                        }
                    } finally {
                        workersDone.countDown();
                    }
                    return null;
                }));
            }
            Future<?> chaos = threads.submit(() -> {
                Random random = new Random(42);
                int faults = 0;
                while (!workersDone.await(20, TimeUnit.MILLISECONDS)) {
                    if (ended.get() < (faults + 1) * FAULT_EVERY) {
                        continue;
                    }
                    List<Long> pids = pool.pids();
                    if (pids.isEmpty()) {
                        continue;
                    }
                    long victim = pids.get(random.nextInt(pids.size()));
                    faults++;
                    if (faults % 4 == 0) {
                        PoolTesting.signal("STOP", victim); // the session kills it after timeout + grace
                        synchronized (frozen) {
                            frozen.add(victim);
                        }
                    } else {
                        PoolTesting.kill9(victim);
                        synchronized (killed) {
                            killed.add(victim);
                        }
                    }
                }
                return null;
            });
            for (Future<?> w : workers) {
                w.get(15, TimeUnit.MINUTES);
            }
            chaos.get(1, TimeUnit.MINUTES);
            threads.shutdown();
            long elapsed = (System.nanoTime() - t0) / 1_000_000;

            int succeeded = 0;
            int timedOut = 0;
            int idempotentTimedOut = 0;
            List<Object> otherFailures = new ArrayList<>();
            for (int call = 0; call < total; call++) {
                Object outcome = outcomes.get(call);
                assertThat(outcome).as("outcome of call %d", call).isNotNull();
                if (outcome instanceof InvocationResult r) {
                    String[] warmAndPid = r.output().get(0).json().asText().split(" ");
                    assertThat(warmAndPid[0]).as("ran warm").isEqualTo(warmAndPid[1]);
                    succeeded++;
                } else if (outcome instanceof InvocationTimeoutException) {
                    timedOut++;
                    if (call % 2 == 0) {
                        idempotentTimedOut++;
                    }
                } else {
                    assertThat(call % 2).as("idempotent call %d failed: %s", call, outcome).isEqualTo(1);
                    otherFailures.add(outcome);
                }
            }
            assertThat(ended.get()).as("calls ended").isEqualTo(total);
            assertThat(doubleOutcomes.get()).as("calls delivered twice").isZero();
            assertThat(otherFailures).allSatisfy(e -> assertThat(e).isInstanceOf(SessionDeadException.class));
            assertThat(idempotentTimedOut).as("idempotent calls timed out (a hung session's call is retried)").isZero();
            assertThat(timedOut).as("calls caught by one of %d freezes", frozen.size()).isLessThanOrEqualTo(frozen.size());
            assertThat(killed.size() + frozen.size()).as("faults injected").isGreaterThanOrEqualTo(total / FAULT_EVERY - 2);

            // Back to the minimum: the replacements are up and the extra sessions idled away.
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                PoolMetrics m = pool.metrics();
                return m.alive() == 3 && m.starting() == 0;
            });
            assertThat(pool.pids()).allMatch(PoolTesting::alive).doesNotContainAnyElementsOf(killed)
                    .doesNotContainAnyElementsOf(frozen);
            PoolMetrics m = pool.metrics();
            assertThat(m.calls()).isEqualTo(total);
            assertThat(m.errors()).isEqualTo(total - succeeded);
            System.out.printf("chaos: %d calls from %d threads in %d ms; %d kill -9 and %d SIGSTOP injected; "
                            + "%d succeeded; idempotent: %d of %d succeeded, %d timed out on a frozen session; "
                            + "non-idempotent: %d failed with their session, %d timed out; 0 lost, %d delivered twice; %s%n",
                    total, THREADS, elapsed, killed.size(), frozen.size(), succeeded, total / 2 - idempotentTimedOut,
                    total / 2, idempotentTimedOut, otherFailures.size(), timedOut - idempotentTimedOut,
                    doubleOutcomes.get(), m);
            for (int i = 0; i < 3; i++) {
                assertThat(pool.invoke("1").output()).hasSize(1);
            }
        } finally {
            frozen.forEach(pid -> PoolTesting.signal("CONT", pid)); // none should be left; never leave one frozen
        }
        Set<Long> leftovers = new HashSet<>(PoolTesting.descendantsWithMarker(marker));
        assertThat(leftovers).as("pwsh processes left after close").isEmpty();
        assertThat(killed).noneMatch(PoolTesting::alive);
        assertThat(frozen).noneMatch(PoolTesting::alive);
    }
}
