package dev.exobridge.bench;

import dev.exobridge.pool.PoolOptions;
import dev.exobridge.pool.SessionPool;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.SessionOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Throughput of a short, CPU-light call ({@code 1}) through a pool of 1 session against a pool of
 * 2 sessions, with the same number of client threads. Both pools are open side by side; the
 * configurations alternate round by round so that machine noise hits both alike. A benchmark, not
 * a test: it prints figures and asserts nothing.
 *
 * <p>Run (see docs/pool.md):
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.exobridge.bench.PoolScaling \
 *     [pwsh] [threads=4] [calls=2000] [rounds=5]
 * </pre>
 * pwsh defaults to {@code $EXOBRIDGE_PWSH}.
 */
public final class PoolScaling {
    private PoolScaling() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path pwsh = Path.of(args.length > 0 ? args[0] : System.getenv("EXOBRIDGE_PWSH"));
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int cpus = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "%d CPUs, %d client threads, %d calls of '1' per run, %d rounds;"
                + " load average before: %s%n%n", cpus, threads, calls, rounds, Machine.loadAverage());
        System.out.printf(Locale.ROOT, "%-6s %-9s %10s %12s%n", "round", "sessions", "calls/s", "ms per call");
        Result result = measure(pwsh, threads, calls, rounds, (round, sessions, perSecond) ->
                System.out.printf(Locale.ROOT, "%-6d %-9d %10.0f %12.2f%n", round, sessions, perSecond,
                        1000.0 * threads / perSecond));
        System.out.printf(Locale.ROOT, "%nmedian: 1 session %.0f calls/s, 2 sessions %.0f calls/s; 2 vs 1: %.2fx%n",
                result.singleMedian(), result.pairMedian(), result.speedUp());
        System.out.println("load average after: " + Machine.loadAverage());
        System.out.println("pool metrics, 1 session:  " + result.singleMetrics());
        System.out.println("pool metrics, 2 sessions: " + result.pairMetrics());
    }

    /** Called after each timed run: round (1-based), sessions in the pool, calls per second. */
    @FunctionalInterface
    public interface RunListener {
        void finished(int round, int sessions, double callsPerSecond);
    }

    /** Calls per second of each round, for 1 and for 2 sessions, and the pools' metrics at the end. */
    public record Result(double[] single, double[] pair, String singleMetrics, String pairMetrics) {
        public double singleMedian() {
            return Stats.median(single);
        }

        public double pairMedian() {
            return Stats.median(pair);
        }

        /** Median throughput of 2 sessions over that of 1. */
        public double speedUp() {
            return pairMedian() / singleMedian();
        }
    }

    /**
     * Opens a pool of 1 and a pool of 2 sessions side by side, warms both, then runs {@code rounds}
     * rounds of {@code calls} calls from {@code threads} threads on each, alternating.
     */
    public static Result measure(Path pwsh, int threads, int calls, int rounds, RunListener listener)
            throws Exception {
        Invocation one = Invocation.script("1").build();
        try (SessionPool single = open(pwsh, 1); SessionPool pair = open(pwsh, 2)) {
            // Warm both: the JIT on our side, the script cache and runspace on pwsh's.
            for (int i = 0; i < 2; i++) {
                run(single, one, threads, calls);
                run(pair, one, threads, calls);
            }
            double[][] perSecond = new double[3][rounds];
            for (int r = 0; r < rounds; r++) {
                for (SessionPool pool : List.of(single, pair)) {
                    int sessions = pool.options().maxSessions();
                    double v = run(pool, one, threads, calls);
                    perSecond[sessions][r] = v;
                    listener.finished(r + 1, sessions, v);
                }
            }
            return new Result(perSecond[1], perSecond[2], String.valueOf(single.metrics()),
                    String.valueOf(pair.metrics()));
        }
    }

    private static SessionPool open(Path pwsh, int sessions) throws InterruptedException {
        SessionPool pool = SessionPool.start(PoolOptions.builder().name("bench-" + sessions)
                .session(SessionOptions.builder().pwsh(pwsh).build())
                .sessions(sessions, sessions).maxUses(0).maxAge(null).build()); // no retirement mid-run
        while (pool.metrics().alive() < sessions) {
            Thread.sleep(50);
        }
        return pool;
    }

    /** Runs {@code calls} calls from {@code threads} threads; returns calls per second. */
    private static double run(SessionPool pool, Invocation inv, int threads, int calls) throws Exception {
        ExecutorService exec = Executors.newFixedThreadPool(threads);
        AtomicInteger left = new AtomicInteger(calls);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(exec.submit(() -> {
                go.await();
                while (left.getAndDecrement() > 0) {
                    if (pool.invoke(inv).output().size() != 1) {
                        throw new IllegalStateException("'1' did not return one object");
                    }
                }
                return null;
            }));
        }
        long t0 = System.nanoTime();
        go.countDown();
        for (Future<?> f : futures) {
            f.get();
        }
        long elapsed = System.nanoTime() - t0;
        exec.shutdown();
        return calls / (elapsed / 1e9);
    }
}
