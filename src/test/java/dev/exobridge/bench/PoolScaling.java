package dev.exobridge.bench;

import dev.exobridge.pool.PoolOptions;
import dev.exobridge.pool.SessionPool;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.SessionOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Throughput of pools of different sizes on one call, with the CPU time each call costs (this
 * JVM plus the pool's pwsh processes). Two workloads: a call that waits ({@code Start-Sleep
 * -Milliseconds 20}, as an Exchange REST call waits on the network), for which pools exist, and
 * the CPU-light {@code 1}, where on two cores the JVM and the pwsh processes compete for the CPU.
 * All pools of a workload are open side by side and alternate round by round, so that machine
 * noise hits them alike. A benchmark, not a test: it prints figures and asserts nothing.
 *
 * <p>Run (see docs/pool.md):
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.exobridge.bench.PoolScaling \
 *     [pwsh] [sessions=1,2,4,8] [rounds=3] [sleep-ms=20]
 * </pre>
 * pwsh defaults to {@code $EXOBRIDGE_PWSH}. Each pool of N sessions gets 2N client threads and
 * {@code 100 N} calls of the waiting call per round (about 2 s at 20 ms a call).
 */
public final class PoolScaling {
    private PoolScaling() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path pwsh = Path.of(args.length > 0 ? args[0] : System.getenv("EXOBRIDGE_PWSH"));
        List<Integer> sizes = args.length > 1 ? parseSizes(args[1]) : List.of(1, 2, 4, 8);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int sleepMs = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        System.out.printf(Locale.ROOT, "%d CPUs; load average before: %s%n", Runtime.getRuntime().availableProcessors(),
                Machine.loadAverage());
        Result result = measure(pwsh, waiting(sizes, sleepMs), rounds, (round, config, figures) ->
                System.out.printf(Locale.ROOT, "round %d, %s: %.0f calls/s, %.3f ms CPU per call%n", round,
                        config.label(), figures.callsPerSecond(), figures.cpuMsPerCall()));
        double one = result.medianCallsPerSecond(result.configs().get(0));
        for (Config c : result.configs()) {
            System.out.printf(Locale.ROOT, "median %s: %.0f calls/s (%.2fx of %s), %.3f ms CPU per call%n", c.label(),
                    result.medianCallsPerSecond(c), result.medianCallsPerSecond(c) / one,
                    result.configs().get(0).label(), result.medianCpuMsPerCall(c));
        }
        System.out.println("load average after: " + Machine.loadAverage());
    }

    /** One pool configuration: sessions, client threads, calls per round, and the call. */
    public record Config(String label, int sessions, int threads, int calls, String script) {
    }

    /** Pools of each size on {@code Start-Sleep -Milliseconds sleepMs}: 2N threads, 100 N calls per round. */
    public static List<Config> waiting(List<Integer> sizes, int sleepMs) {
        List<Config> configs = new ArrayList<>();
        for (int n : sizes) {
            configs.add(new Config(n + (n == 1 ? " session" : " sessions") + ", Start-Sleep " + sleepMs + " ms", n,
                    2 * n, 100 * n, "Start-Sleep -Milliseconds " + sleepMs + "; 1"));
        }
        return configs;
    }

    /** Pools of 1 and 2 sessions on {@code 1}, with the same client threads and calls. */
    public static List<Config> cpuLight(int threads, int calls) {
        return List.of(new Config("1 session, '1'", 1, threads, calls, "1"),
                new Config("2 sessions, '1'", 2, threads, calls, "1"));
    }

    /** What one timed run measured. */
    public record RunFigures(double callsPerSecond, double cpuMsPerCall) {
    }

    /** Called after each timed run. */
    @FunctionalInterface
    public interface RunListener {
        void finished(int round, Config config, RunFigures figures);
    }

    /** Every run's figures per configuration, in the order given. */
    public record Result(Map<Config, List<RunFigures>> runs) {
        public List<Config> configs() {
            return List.copyOf(runs.keySet());
        }

        public double medianCallsPerSecond(Config c) {
            return Stats.median(runs.get(c).stream().mapToDouble(RunFigures::callsPerSecond).toArray());
        }

        public double medianCpuMsPerCall(Config c) {
            return Stats.median(runs.get(c).stream().mapToDouble(RunFigures::cpuMsPerCall).toArray());
        }

        public double[] callsPerSecond(Config c) {
            return runs.get(c).stream().mapToDouble(RunFigures::callsPerSecond).toArray();
        }
    }

    /**
     * Opens one pool per configuration side by side, warms each, then runs {@code rounds} rounds
     * in which every configuration makes its calls in turn.
     */
    public static Result measure(Path pwsh, List<Config> configs, int rounds, RunListener listener) throws Exception {
        List<SessionPool> pools = new ArrayList<>();
        try {
            for (Config c : configs) {
                pools.add(open(pwsh, c.sessions()));
            }
            for (int i = 0; i < configs.size(); i++) { // warm: the JIT here, script caches and runspaces there
                for (int w = 0; w < 2; w++) {
                    run(pools.get(i), configs.get(i));
                }
            }
            Map<Config, List<RunFigures>> runs = new LinkedHashMap<>();
            configs.forEach(c -> runs.put(c, new ArrayList<>()));
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < configs.size(); i++) {
                    RunFigures figures = run(pools.get(i), configs.get(i));
                    runs.get(configs.get(i)).add(figures);
                    listener.finished(r + 1, configs.get(i), figures);
                }
            }
            return new Result(runs);
        } finally {
            pools.forEach(SessionPool::close);
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

    /** Runs the configuration's calls from its threads; calls per second and CPU ms per call. */
    private static RunFigures run(SessionPool pool, Config config) throws Exception {
        Invocation inv = Invocation.script(config.script()).build();
        ExecutorService exec = Executors.newFixedThreadPool(config.threads());
        AtomicInteger left = new AtomicInteger(config.calls());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < config.threads(); t++) {
            futures.add(exec.submit(() -> {
                go.await();
                while (left.getAndDecrement() > 0) {
                    if (pool.invoke(inv).output().size() != 1) {
                        throw new IllegalStateException(config.script() + " did not return one object");
                    }
                }
                return null;
            }));
        }
        List<Long> pids = pool.pids();
        double cpuBefore = Usage.jvmCpuSeconds() + Usage.cpuSeconds(pids);
        long t0 = System.nanoTime();
        go.countDown();
        for (Future<?> f : futures) {
            f.get();
        }
        long elapsed = System.nanoTime() - t0;
        double cpu = Usage.jvmCpuSeconds() + Usage.cpuSeconds(pids) - cpuBefore;
        exec.shutdown();
        return new RunFigures(config.calls() / (elapsed / 1e9), 1000 * cpu / config.calls());
    }

    private static List<Integer> parseSizes(String text) {
        List<Integer> sizes = new ArrayList<>();
        for (String s : text.split(",")) {
            sizes.add(Integer.parseInt(s.trim()));
        }
        return sizes;
    }
}
