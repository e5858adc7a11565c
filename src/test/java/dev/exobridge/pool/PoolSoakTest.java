package dev.exobridge.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.exobridge.session.Invocation;
import dev.exobridge.testsupport.Counts;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The soak suite (docs/reliability.md): 10,000 calls from 4 threads through a pool of 2 sessions
 * (100,000 in the long form, {@code EXOBRIDGE_SOAK_CALLS} or {@code -Dexobridge.soak.calls}),
 * with a session retired every 1,000 uses so that the run also replaces processes. Open file
 * descriptors and child processes are the same before and after (once the pool has settled and
 * retired sessions have finished closing), the threads of live sessions and of the pool too (its
 * cached closers apart), no session thread outlives its pwsh, and the heap after a full GC has
 * grown by at most 2 MB.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "/proc/self/fd")
@Timeout(3600)
class PoolSoakTest {
    private static final int THREADS = 4;
    private static final long HEAP_GROWTH_LIMIT = 2L << 20;
    private static final int RETIRE_AFTER = 1_000;

    @AfterAll
    static void removeMarkerDirs() {
        PoolTesting.removeMarkerDirs();
    }

    @Test
    void tenThousandCallsLeaveThreadsFilesProcessesAndHeapAsTheyWere() throws Exception {
        int total = Counts.of("soak.calls", 10_000) / THREADS * THREADS;
        String marker = PoolTesting.marker("soak");
        try (SessionPool pool = SessionPool.start(PoolTesting.options(marker).sessions(2, 2).maxUses(RETIRE_AFTER).build())) {
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            // Warm: both sessions, the fast lane, the JIT, and one retirement of each, so that the pool's
            // starter and closer threads and the JDK's process reapers exist before as after.
            run(pool, threads, 2 * RETIRE_AFTER + 400);
            settle(pool);
            Snapshot before = Snapshot.settled(marker, null);
            long t0 = System.nanoTime();
            run(pool, threads, total);
            long elapsed = (System.nanoTime() - t0) / 1_000_000;
            settle(pool);
            // A retirement's closing thread or a replacement may still be ending: wait for the counts to settle.
            Snapshot after = Snapshot.settled(marker, before);
            if (!after.threads.equals(before.threads)) {
                Thread.getAllStackTraces().keySet().forEach(th -> System.out.println("soak: thread " + th.getName()));
            }
            threads.shutdown();
            PoolMetrics m = pool.metrics();
            System.out.printf("soak: %d calls from %d threads in %d ms (%.0f calls/s), %d retirements; threads %s -> %s, "
                            + "open fds %d -> %d, child processes %d -> %d, heap after full GC %.2f MB -> %.2f MB "
                            + "(%+.2f MB); %s%n", total, THREADS, elapsed, total * 1000.0 / Math.max(1, elapsed),
                    m.retirements(), before.threads, after.threads, before.files, after.files, before.children,
                    after.children, before.heap / 1e6, after.heap / 1e6, (after.heap - before.heap) / 1e6, m);
            assertThat(m.errors()).as("failed calls").isZero();
            assertThat(m.retirements()).as("sessions retired and replaced").isGreaterThanOrEqualTo(total / RETIRE_AFTER);
            assertThat(after).as("before: %s", before).satisfies(a -> {
                assertThat(a.threads.sessions).as("threads of live sessions").isEqualTo(before.threads.sessions);
                assertThat(a.threads.orphans).as("session threads whose pwsh is gone").isZero();
                assertThat(a.threads.pool).as("the pool's threads (its cached closers apart)").isEqualTo(before.threads.pool);
                assertThat(a.threads.others).as("other threads (a drop is an earlier test's thread ending)")
                        .isLessThanOrEqualTo(before.threads.others);
                assertThat(a.files).as("open fds").isEqualTo(before.files);
                assertThat(a.children).as("child processes").isEqualTo(before.children);
            });
            assertThat(after.heap - before.heap).as("heap growth after a full GC").isLessThanOrEqualTo(HEAP_GROWTH_LIMIT);
        }
        assertThat(PoolTesting.descendantsWithMarker(marker)).isEmpty();
    }

    private static void run(SessionPool pool, ExecutorService threads, int calls) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(threads.submit(() -> {
                for (int i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
                    int n = i;
                    int got = pool.invoke(Invocation.script("param($n) $n + 1").param("n", n).build())
                            .output().get(0).json().asInt();
                    assertThat(got).isEqualTo(n + 1);
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get(1, TimeUnit.HOURS);
        }
    }

    private static void settle(SessionPool pool) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            PoolMetrics m = pool.metrics();
            return m.alive() == 2 && m.starting() == 0 && m.busy() == 0;
        });
    }

    /**
     * This JVM's threads in four kinds, since only some of them are the pool's to keep equal:
     * the reader and stderr threads of sessions whose pwsh is alive, those of sessions whose pwsh
     * is gone (a leak once closes have settled), the pool's own (named after it; its cached
     * closers apart, which come and go with retirements and end after a minute idle), and the
     * rest (callers, the JDK's process reapers, threads of earlier tests that may end meanwhile).
     */
    record Threads(int sessions, int orphans, int pool, int others) {
        private static final Pattern SESSION_THREAD = Pattern.compile("pwsh-\\d+\\[(\\d+)]-(reader|stderr)");

        static Threads count(String poolName) {
            int sessions = 0;
            int orphans = 0;
            int pool = 0;
            int others = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                String name = t.getName();
                Matcher m = SESSION_THREAD.matcher(name);
                if (m.matches()) {
                    if (PoolTesting.alive(Long.parseLong(m.group(1)))) {
                        sessions++;
                    } else {
                        orphans++;
                    }
                } else if (name.startsWith(poolName + "-")) {
                    pool += name.contains("-closer-") ? 0 : 1;
                } else if (!name.startsWith("process reaper")) {
                    others++;
                }
            }
            return new Threads(sessions, orphans, pool, others);
        }
    }

    /** Threads, open file descriptors, child processes and the heap after a full GC, of this JVM. */
    private record Snapshot(Threads threads, long files, long children, long heap) {
        static Snapshot take(String poolName) {
            return new Snapshot(Threads.count(poolName), openFiles(), ProcessHandle.current().descendants()
                    .filter(p -> PoolTesting.alive(p.pid())).count(), heapAfterGc());
        }

        /**
         * A snapshot once retired sessions have finished closing (their threads ended, up to 30 s):
         * settle() sees the pool's counts, not a close running in the background. With
         * {@code before}, also waits for the descriptors and children to come back to it.
         */
        static Snapshot settled(String poolName, Snapshot before) throws InterruptedException {
            Snapshot s = take(poolName);
            for (long end = System.nanoTime() + Duration.ofSeconds(30).toNanos(); System.nanoTime() < end
                    && !s.settledAgainst(before); s = take(poolName)) {
                Thread.sleep(500);
            }
            return s;
        }

        private boolean settledAgainst(Snapshot before) {
            if (threads.orphans != 0 || threads.sessions != 4) { // two sessions, a reader and a stderr thread each
                return false;
            }
            return before == null || (threads.sessions == before.threads.sessions && threads.pool == before.threads.pool
                    && threads.others <= before.threads.others && files <= before.files && children <= before.children);
        }

        private static long openFiles() {
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                return fds.count();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static long heapAfterGc() {
            var memory = ManagementFactory.getMemoryMXBean();
            long used = Long.MAX_VALUE;
            // Several rounds: finalisation and reference processing can free more on the next one.
            for (int i = 0; i < 3; i++) {
                System.gc();
                used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
            }
            return used;
        }
    }
}
