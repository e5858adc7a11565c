package dev.exobridge.bench;

import dev.exobridge.session.Invocation;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.ResultStream;
import dev.exobridge.session.SessionOptions;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A quick measurement of the engine on one session: warm round trip of {@code 1} (median and p99
 * over N calls) and objects per second for M small objects streamed into JsonNodes.
 * Run: {@code java -cp target/test-classes:target/classes:$(cat cp.txt) dev.exobridge.bench.EngineQuick [calls] [objects] [fast-lane]}
 * with EXOBRIDGE_PWSH set (see docs/benchmarks.md).
 */
public final class EngineQuick {
    private EngineQuick() {
    }

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int objects = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        boolean fastLane = args.length > 2 && args[2].equals("fast-lane");
        SessionOptions options = SessionOptions.builder().pwsh(Path.of(System.getenv("EXOBRIDGE_PWSH")))
                .fastLane(fastLane).build();
        long t0 = System.nanoTime();
        try (PwshSession s = PwshSession.start(options)) {
            s.invoke("1");
            double readyMs = (System.nanoTime() - t0) / 1e6;
            for (int i = 0; i < 300; i++) {
                s.invoke("1");
            }
            double[] rt = new double[calls];
            for (int i = 0; i < calls; i++) {
                long a = System.nanoTime();
                s.invoke("1");
                rt[i] = (System.nanoTime() - a) / 1e6;
            }
            Arrays.sort(rt);
            String producer = "param($n) 1..$n | ForEach-Object { [pscustomobject]@{ Id = $_; Name = \"item$_\"; "
                    + "When = [datetime]'2020-01-02' } }";
            long b = System.nanoTime();
            long count = 0;
            try (ResultStream r = s.stream(Invocation.script(producer).param("n", objects).build())) {
                while (r.hasNext()) {
                    r.next().json();
                    count++;
                }
            }
            double objMs = (System.nanoTime() - b) / 1e6;
            System.out.printf("path=%s ", fastLane ? "fast-lane" : "pipeline-per-call");
            System.out.printf("session_ready_ms=%.1f roundtrip_median_ms=%.3f roundtrip_p99_ms=%.3f objects=%d "
                            + "objects_ms=%.0f objects_per_s=%.0f%n", readyMs, rt[calls / 2], rt[(int) (calls * 0.99) - 1],
                    count, objMs, count / (objMs / 1000));
        }
    }
}
