package dev.exobridge.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationResult;
import dev.exobridge.session.SessionDeadException;
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
 * 1,000 calls from 4 threads while a chaos thread kills random sessions' pwsh with a real
 * {@code kill -9}: every call has exactly one outcome, idempotent calls all succeed, other calls
 * fail only because their session died, and the pool is back to its minimum afterwards.
 */
@Timeout(180)
class PoolChaosTest {
    @AfterAll
    static void removeMarkerDirs() {
        PoolTesting.removeMarkerDirs();
    }

    private static final int THREADS = 4;
    private static final int CALLS_PER_THREAD = 250;

    @Test
    void killingRandomSessionsLosesNoCallAndThePoolRecovers() throws Exception {
        String marker = PoolTesting.marker("chaos");
        PoolOptions options = PoolTesting.options(marker).sessions(2, 3).idleTimeout(Duration.ofSeconds(2))
                .warmUp("mark", "$global:warm = $PID").build();
        int total = THREADS * CALLS_PER_THREAD;
        AtomicReferenceArray<Object> outcomes = new AtomicReferenceArray<>(total);
        AtomicInteger doubleOutcomes = new AtomicInteger();
        List<Long> killed = new ArrayList<>();
        try (SessionPool pool = SessionPool.start(options)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> pool.metrics().alive() == 2);
            ExecutorService threads = Executors.newFixedThreadPool(THREADS + 1);
            CountDownLatch workersDone = new CountDownLatch(THREADS);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                workers.add(threads.submit(() -> {
                    try {
                        for (int i = 0; i < CALLS_PER_THREAD; i++) {
                            int call = thread * CALLS_PER_THREAD + i;
                            // Every other call is idempotent; each takes a while, so kills land mid-call.
                            Invocation inv = Invocation.script("Start-Sleep -Milliseconds 10; \"$global:warm $PID\"")
                                    .idempotent(call % 2 == 0).build();
                            Object outcome;
                            try {
                                outcome = pool.invoke(inv);
                            } catch (RuntimeException e) {
                                outcome = e;
                            }
                            if (!outcomes.compareAndSet(call, null, outcome)) {
                                doubleOutcomes.incrementAndGet();
                            }
                        }
                    } finally {
                        workersDone.countDown();
                    }
                    return null;
                }));
            }
            Future<?> chaos = threads.submit(() -> {
                Random random = new Random(42);
                // A kill every 1-2 s while the pool is at full strength: a replacement takes about as
                // long to start on this 2-core machine, and a retried call always has a session to go to.
                while (!workersDone.await(1000 + random.nextInt(1000), TimeUnit.MILLISECONDS)) {
                    List<Long> pids = pool.pids();
                    if (pids.size() >= 2) {
                        long victim = pids.get(random.nextInt(pids.size()));
                        PoolTesting.kill9(victim);
                        synchronized (killed) {
                            killed.add(victim);
                        }
                    }
                }
                return null;
            });
            for (Future<?> w : workers) {
                w.get(10, TimeUnit.MINUTES);
            }
            chaos.get(10, TimeUnit.MINUTES);
            threads.shutdown();

            int succeeded = 0;
            List<Object> nonIdempotentFailures = new ArrayList<>();
            for (int call = 0; call < total; call++) {
                Object outcome = outcomes.get(call);
                assertThat(outcome).as("outcome of call %d", call).isNotNull();
                if (call % 2 == 0) {
                    assertThat(outcome).as("idempotent call %d", call).isInstanceOf(InvocationResult.class);
                }
                if (outcome instanceof InvocationResult r) {
                    String[] warmAndPid = r.output().get(0).json().asText().split(" ");
                    assertThat(warmAndPid[0]).as("ran warm").isEqualTo(warmAndPid[1]);
                    succeeded++;
                } else {
                    nonIdempotentFailures.add(outcome);
                }
            }
            assertThat(doubleOutcomes.get()).isZero();
            assertThat(nonIdempotentFailures).allSatisfy(e -> assertThat(e).isInstanceOf(SessionDeadException.class));
            assertThat(killed).as("the chaos thread killed sessions").hasSizeGreaterThanOrEqualTo(3);

            // Back to the minimum: the replacements are up and the extra session idled away.
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                PoolMetrics m = pool.metrics();
                return m.alive() == 2 && m.starting() == 0;
            });
            assertThat(pool.pids()).allMatch(PoolTesting::alive).doesNotContainAnyElementsOf(killed);
            PoolMetrics m = pool.metrics();
            assertThat(m.calls()).isEqualTo(total);
            assertThat(m.errors()).isEqualTo(total - succeeded);
            assertThat(m.restarts()).isGreaterThanOrEqualTo(new HashSet<>(killed).size() - 1);
            System.out.printf("chaos: %d kills, %d of %d calls succeeded, %d retries, %s%n", killed.size(), succeeded,
                    total, m.retries(), m);
            for (int i = 0; i < 3; i++) {
                assertThat(pool.invoke("1").output()).hasSize(1);
            }
        }
        Set<Long> leftovers = new HashSet<>(PoolTesting.descendantsWithMarker(marker));
        assertThat(leftovers).as("pwsh processes left after close").isEmpty();
        assertThat(killed).noneMatch(PoolTesting::alive);
    }
}
