package dev.exobridge.bench;

/**
 * Section 4, pool scaling: {@link PoolScaling#measure} (a pool of 1 and a pool of 2 sessions,
 * the same client threads, alternating round by round) and the goal on its speed-up.
 */
final class PoolSection implements Section {
    @Override
    public String key() {
        return "pool";
    }

    @Override
    public SectionReport run(BenchContext context) {
        BenchOptions o = context.options;
        SectionReport report = new SectionReport(String.format(java.util.Locale.ROOT,
                "4. Pool scaling: %d client threads, %d calls of '1' per run, %d rounds alternating", o.poolThreads,
                o.poolCalls, o.poolRounds), "configuration", "median calls/s", "min", "max", "x 1 session");
        PoolScaling.Result result;
        try {
            result = PoolScaling.measure(context.pwsh(), o.poolThreads, o.poolCalls, o.poolRounds,
                    (round, sessions, perSecond) -> context.progress("round %d/%d: %d session%s, %.0f calls/s",
                            round, o.poolRounds, sessions, sessions == 1 ? "" : "s", perSecond));
        } catch (Exception e) {
            report.failed("pool of 1 and of 2", ContenderFailure.reason(e));
            report.goalAtLeast("2 sessions / 1 session >= 1.6x", null, 1.6, "x");
            return report;
        }
        row(report, "1 session", result.single(), result.singleMedian());
        row(report, "2 sessions", result.pair(), result.singleMedian());
        report.ratio("2 sessions / 1 session", result.speedUp());
        report.note(Runtime.getRuntime().availableProcessors() + " CPUs; pool metrics, 1 session: "
                + result.singleMetrics());
        report.note("pool metrics, 2 sessions: " + result.pairMetrics());
        report.goalAtLeast("2 sessions / 1 session >= 1.6x", result.speedUp(), 1.6, "x");
        return report;
    }

    private static void row(SectionReport report, String name, double[] perSecond, double singleMedian) {
        double median = Stats.median(perSecond);
        report.table().row(name, Table.number(median), Table.number(Stats.min(perSecond)),
                Table.number(Stats.max(perSecond)), Table.ratio(median / singleMedian));
        report.contender(name).put("median_calls_per_s", median).put("min_calls_per_s", Stats.min(perSecond))
                .put("max_calls_per_s", Stats.max(perSecond));
    }
}
