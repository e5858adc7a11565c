package dev.exobridge.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.exobridge.pool.PoolOptions;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationResult;
import dev.exobridge.testsupport.Counts;
import dev.exobridge.testsupport.SimTenant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos suite's Exchange half (docs/reliability.md): 1,000 idempotent calls from 4 threads
 * through a pool of two connected sessions while the simulator fails every 20th call with a
 * transient server error, throttles every 7th, and the tokens expire and are renewed mid-run.
 * The caller sees 0 failures; every call ends exactly once. {@code EXOBRIDGE_CHAOS_CALLS} (or
 * {@code -Dexobridge.chaos.calls}) sets the calls.
 */
@Timeout(900)
class ExchangeChaosTest {
    private static final int THREADS = 4;

    @TempDir
    Path tmp;

    @Test
    void transientFaultsAndExpiringTokensFailNoneOfAThousandIdempotentCalls() throws Exception {
        int total = Counts.of("chaos.calls", 1000) / THREADS * THREADS;
        int perThread = total / THREADS;
        try (SimTenant t = SimTenant.create(tmp, SimTenant.marker(), 5, Map.of("TransientErrorEvery", 20,
                "ThrottleEvery", 7))) {
            AtomicInteger tokensAsked = new AtomicInteger();
            AtomicLong lastIssued = new AtomicLong();
            // Tokens of 20 s, renewed within 15 s of expiry: a session renews once its token is 5 s old.
            var auth = new ExchangeAuth.AccessToken(SimTenant.ORG, () -> {
                tokensAsked.incrementAndGet();
                lastIssued.set(System.nanoTime());
                return t.javaToken(Duration.ofSeconds(20));
            });
            ExchangeOptions o = ExchangeOptions.builder().allowSimulator(true).renewalMargin(Duration.ofSeconds(15))
                    .backoff(Duration.ofMillis(5), Duration.ofMillis(50)).build();
            Invocation count = Invocation.script("(Get-EXOMailbox -ResultSize 2).Count").idempotent(true).build();
            AtomicReferenceArray<Object> outcomes = new AtomicReferenceArray<>(total);
            AtomicInteger twice = new AtomicInteger();
            long t0 = System.nanoTime();
            try (ExchangePool p = ExchangePool.start(PoolOptions.builder().sessions(2, 2)
                    .borrowTimeout(Duration.ofSeconds(120)), t.sessionOptions(), auth, o)) {
                ExecutorService threads = Executors.newFixedThreadPool(THREADS);
                List<Future<?>> workers = new ArrayList<>();
                for (int th = 0; th < THREADS; th++) {
                    int thread = th;
                    workers.add(threads.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            int call = thread * perThread + i;
                            if (thread == 0 && i == perThread / 2) {
                                // Half way, wait until the newest token is 6 s old: whatever the machine's
                                // speed, the calls after this one renew it before it expires.
                                while (System.nanoTime() - lastIssued.get() < Duration.ofSeconds(6).toNanos()) {
                                    Thread.sleep(50);
                                }
                            }
                            Object outcome;
                            try {
                                outcome = p.invoke(count);
                            } catch (RuntimeException e) {
                                outcome = e;
                            }
                            if (!outcomes.compareAndSet(call, null, outcome)) {
                                twice.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> w : workers) {
                    w.get(15, TimeUnit.MINUTES);
                }
                threads.shutdown();
                List<Object> failures = new ArrayList<>();
                for (int call = 0; call < total; call++) {
                    Object outcome = outcomes.get(call);
                    assertThat(outcome).as("outcome of call %d", call).isNotNull();
                    if (outcome instanceof InvocationResult r) {
                        assertThat(r.output().get(0).json().asInt()).isEqualTo(2);
                    } else {
                        failures.add(outcome);
                    }
                }
                System.out.printf("chaos: %d idempotent Exchange calls from %d threads in %d ms; %d transient faults "
                                + "retried, %d throttling delays, %d reconnects, %d tokens asked; %d failed, 0 lost, "
                                + "%d delivered twice%n", total, THREADS, (System.nanoTime() - t0) / 1_000_000,
                        p.retries(), p.throttlingWarnings(), p.reconnects(), tokensAsked.get(), failures.size(),
                        twice.get());
                assertThat(failures).as("failures the caller saw").isEmpty();
                assertThat(twice.get()).isZero();
                assertThat(p.retries()).as("transient faults met and retried").isGreaterThanOrEqualTo(total / 20 / 2);
                assertThat(p.reconnects()).as("tokens renewed before expiry").isGreaterThanOrEqualTo(1);
                assertThat(tokensAsked.get()).as("a new token at every (re)connect").isEqualTo(2 + (int) p.reconnects());
            }
        }
    }
}
