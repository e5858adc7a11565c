package dev.exobridge.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.exobridge.session.Invocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Retirement by uses, by age and by idleness replaces sessions without failing any call. */
@Timeout(120)
class PoolRetirementTest {
    @AfterAll
    static void removeMarkerDirs() {
        PoolTesting.removeMarkerDirs();
    }

    private static final Invocation WHO = Invocation.script("\"$global:warm $PID\"").build();

    /** Runs calls from {@code threads} threads until {@code enough}; returns calls per pid. Any failure fails the test. */
    private static Map<Long, AtomicLong> callUntil(SessionPool pool, int threads, BooleanSupplier enough) throws Exception {
        Map<Long, AtomicLong> callsByPid = new ConcurrentHashMap<>();
        ExecutorService exec = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(exec.submit(() -> {
                while (!enough.getAsBoolean()) {
                    String[] warmAndPid = pool.invoke(WHO).output().get(0).json().asText().split(" ");
                    assertThat(warmAndPid[0]).as("warm").isEqualTo(warmAndPid[1]);
                    callsByPid.computeIfAbsent(Long.parseLong(warmAndPid[1]), k -> new AtomicLong()).incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(10, TimeUnit.MINUTES); // rethrows the first failed call
        }
        exec.shutdown();
        return callsByPid;
    }

    @Test
    void sessionsRetireAfterTheirMaximumUses() throws Exception {
        try (SessionPool pool = SessionPool.start(PoolTesting.options(PoolTesting.marker("uses")).sessions(2, 2)
                .maxUses(40).warmUp("mark", "$global:warm = $PID").build())) {
            AtomicInteger calls = new AtomicInteger();
            Map<Long, AtomicLong> byPid = callUntil(pool, 4, () -> calls.incrementAndGet() > 200);
            long total = byPid.values().stream().mapToLong(AtomicLong::get).sum();
            assertThat(total).isGreaterThanOrEqualTo(200);
            assertThat(byPid.values()).as("no session ran more than its maximum uses").allMatch(n -> n.get() <= 40);
            assertThat(byPid).hasSizeGreaterThanOrEqualTo(5);
            PoolMetrics m = pool.metrics();
            assertThat(m.errors()).isZero();
            assertThat(m.restarts()).isZero();
            assertThat(m.retirements()).isGreaterThanOrEqualTo(byPid.size() - 2);
            await().atMost(Duration.ofSeconds(20)).until(() -> pool.metrics().alive() == 2);
        }
    }

    @Test
    void sessionsRetireAfterTheirMaximumAge() throws Exception {
        try (SessionPool pool = SessionPool.start(PoolTesting.options(PoolTesting.marker("age")).sessions(1, 2)
                .maxAge(Duration.ofMillis(1500)).warmUp("mark", "$global:warm = $PID").build())) {
            Map<Long, AtomicLong> byPid = callUntil(pool, 2, () -> pool.metrics().retirements() >= 3);
            assertThat(byPid).hasSizeGreaterThanOrEqualTo(3);
            PoolMetrics m = pool.metrics();
            assertThat(m.errors()).isZero();
            assertThat(m.restarts()).isZero();
        }
    }

    @Test
    void sessionsAboveTheMinimumRetireWhenIdle() throws Exception {
        try (SessionPool pool = SessionPool.start(PoolTesting.options(PoolTesting.marker("idle")).sessions(1, 2)
                .idleTimeout(Duration.ofSeconds(1)).build())) {
            // Two leases at once make the pool grow to its maximum.
            try (Lease a = pool.borrow(); Lease b = pool.borrow()) {
                assertThat(a.pid()).isNotEqualTo(b.pid());
            }
            assertThat(pool.metrics().alive()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(20)).until(() -> pool.metrics().alive() == 1);
            PoolMetrics m = pool.metrics();
            assertThat(m.retirements()).isEqualTo(1);
            assertThat(pool.invoke("1").output()).hasSize(1);
        }
    }

    /**
     * The decision for an idle session past the idle timeout that a borrower asks for before the
     * housekeeper saw it: it is lent (demand came back), not retired; the housekeeper retires idle
     * sessions only while nobody asks (sessionsAboveTheMinimumRetireWhenIdle).
     */
    @Test
    void aSessionIdlePastTheIdleTimeoutIsLentWhenABorrowerAsksForIt() throws Exception {
        try (SessionPool pool = SessionPool.start(PoolTesting.options(PoolTesting.marker("idle-lent")).sessions(1, 2)
                .idleTimeout(Duration.ofMillis(500)).housekeepingPeriod(Duration.ofHours(1)).build())) {
            long first;
            long second;
            try (Lease a = pool.borrow(); Lease b = pool.borrow()) {
                first = a.pid();
                second = b.pid();
            }
            Thread.sleep(1000); // the event here is time itself: both sessions idle past the timeout
            try (Lease a = pool.borrow(); Lease b = pool.borrow()) {
                assertThat(java.util.List.of(a.pid(), b.pid())).containsExactlyInAnyOrder(first, second);
            }
            PoolMetrics m = pool.metrics();
            assertThat(m.retirements()).isZero();
            assertThat(m.alive()).isEqualTo(2);
        }
    }
}
