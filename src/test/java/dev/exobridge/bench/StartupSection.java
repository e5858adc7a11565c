package dev.exobridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.SessionOptions;
import java.time.Duration;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Section 3, start to ready inside this JVM (JVM start not counted): a new exo-bridge session
 * answering its first {@code 1}, against a bare {@code pwsh -NoProfile -Command exit} run to its
 * exit, alternating, after one untimed start of each; plus the official client's own median
 * session ready (process start, handshake, first {@code 1}) from one run of its script.
 */
final class StartupSection implements Section {
    @Override
    public String key() {
        return "startup";
    }

    @Override
    public SectionReport run(BenchContext context) {
        int starts = context.options.starts;
        SessionOptions options = SessionOptions.builder().pwsh(context.pwsh()).build();
        List<String> bare = List.of(context.pwsh().toString(), "-NoLogo", "-NoProfile", "-Command", "exit");
        StartContender exo = new StartContender("exo-bridge new session + first '1'", () -> startExo(options));
        StartContender bareStart = new StartContender("bare pwsh -Command exit",
                () -> ProcessRunner.run(bare, Duration.ofSeconds(60)).requireSuccess().millis());
        // round 0 is untimed: it fills the page cache for both
        Alternation<StartContender, Double> runs = Alternation.run(context, List.of(exo, bareStart), starts + 1,
                (c, round) -> {
                    context.progress("start %d/%d%s: %s", round, starts, round == 0 ? " (untimed)" : "", c.name());
                    return c.startMs().getAsDouble();
                });

        Double officialMs = null;
        String officialFailure = null;
        try {
            context.progress("official client, %d session starts", starts);
            JsonNode figures = context.officialClient().run(10, 10, starts, null,
                    Duration.ofSeconds(120 + 10L * starts));
            officialMs = OfficialClient.number(figures, "session_ready_ms_median");
        } catch (RuntimeException e) {
            officialFailure = ContenderFailure.reason(e);
        }

        SectionReport report = new SectionReport("3. Start to ready, inside the JVM (" + starts
                + " starts each, alternating)", "contender", "median ms", "min ms", "max ms", "x bare pwsh");
        Double bareMedian = runs.failure(bareStart) == null ? median(timed(runs, bareStart)) : null;
        Double exoRatio = row(report, exo.name(), timed(runs, exo), runs.failure(exo), bareMedian);
        row(report, bareStart.name(), timed(runs, bareStart), runs.failure(bareStart), bareMedian);
        if (officialFailure != null) {
            report.failed("official client session ready", officialFailure);
        } else {
            Double ratio = bareMedian == null ? null : officialMs / bareMedian;
            report.table().row("official client session ready", Table.ms(officialMs), "-", "-", Table.ratio(ratio));
            report.contender("official client session ready").put("median_ms", officialMs);
            report.ratio("official client / bare pwsh", ratio);
        }
        report.note("exo-bridge: PwshSession.start(default options) until invoke(\"1\") returns (close not timed);"
                + " bare: process start to exit; official: its script's session_ready_ms_median.");
        report.goalAtMost("exo-bridge / bare pwsh <= 1.2x", exoRatio, 1.2, "x");
        return report;
    }

    private static double startExo(SessionOptions options) {
        long start = System.nanoTime();
        try (PwshSession session = PwshSession.start(options)) {
            if (session.invoke("1").output().size() != 1) {
                throw new ContenderFailure("'1' did not return one object");
            }
            return (System.nanoTime() - start) / 1e6;
        }
    }

    /** Adds a row (or a failed row); returns the ratio of its median to the bare start. */
    private static Double row(SectionReport report, String name, List<Double> ms, String failure, Double bareMedian) {
        if (failure != null) {
            report.failed(name, failure);
            return null;
        }
        double[] values = ms.stream().mapToDouble(Double::doubleValue).toArray();
        double median = Stats.median(values);
        Double ratio = bareMedian == null ? null : median / bareMedian;
        report.table().row(name, Table.ms(median), Table.ms(Stats.min(values)), Table.ms(Stats.max(values)),
                Table.ratio(ratio));
        report.contender(name).put("median_ms", median).put("min_ms", Stats.min(values))
                .put("max_ms", Stats.max(values)).put("starts", values.length);
        if (!name.startsWith("bare")) {
            report.ratio(name + " / bare pwsh", ratio);
        }
        return ratio;
    }

    /** One way to a ready pwsh, timed once a round. */
    private record StartContender(String name, DoubleSupplier startMs) implements Contender {
    }

    /** The timed starts: all but the first round's. */
    private static List<Double> timed(Alternation<StartContender, Double> runs, StartContender c) {
        List<Double> all = runs.results(c);
        return all.size() <= 1 ? List.of() : all.subList(1, all.size());
    }

    private static Double median(List<Double> ms) {
        return Stats.median(ms.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
