package dev.exobridge.bench;

import dev.exobridge.bench.RoundTripContender.RoundFigures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Section 1, the warm round trip of {@code 1}. The calls are split into rounds; in each round
 * every contender makes its share in turn (the order rotates from round to round), so a burst of
 * noise on the machine hits them alike. Samples are pooled over the rounds where a contender
 * gives them; the official client gives only a median and p99 per round, combined as medians.
 */
final class RoundTripSection implements Section {
    @Override
    public String key() {
        return "roundtrip";
    }

    @Override
    public SectionReport run(BenchContext context) {
        BenchOptions o = context.options;
        ExoRoundTrip exo = new ExoRoundTrip(context.pwsh(), o.warmUp);
        RoundTripContender official = new OfficialRoundTrip(context.officialClient());
        RoundTripContender jpowershell = new JPowerShellRoundTrip(context.pwsh());
        RoundTripContender node = new NodePowerShellRoundTrip(context.pwsh(), o.nodeDriver, o.nodePrefix, o.warmUp);
        RoundTripContender perProcess = new ProcessPerCallRoundTrip(context.pwsh());
        List<RoundTripContender> contenders = List.of(exo, official, jpowershell, node, perProcess);
        Map<RoundTripContender, Integer> calls = Map.of(exo, o.calls, official, o.calls,
                jpowershell, o.jpowershellCalls(), node, o.calls, perProcess, o.processCalls);

        Alternation<RoundTripContender, RoundFigures> runs = Alternation.run(context, contenders, o.rounds,
                (c, round) -> {
                    int share = Stats.share(calls.get(c), o.rounds, round);
                    context.progress("round %d/%d: %s, %d calls", round + 1, o.rounds, c.name(), share);
                    return c.round(share);
                });

        SectionReport report = new SectionReport("1. Warm round trip of '1' (" + o.rounds
                + " rounds, contenders alternating)", "contender", "calls", "median ms", "p99 ms", "x exo (median)",
                "combined as");
        Double exoMedian = runs.failure(exo) != null ? null : combine(runs.results(exo))[0];
        Map<RoundTripContender, Double> ratios = new LinkedHashMap<>();
        for (RoundTripContender c : contenders) {
            if (runs.failure(c) != null) {
                report.failed(c.name(), runs.failure(c));
                continue;
            }
            List<RoundFigures> rounds = runs.results(c);
            double[] combined = combine(rounds);
            Double ratio = exoMedian == null ? null : combined[0] / exoMedian;
            ratios.put(c, ratio);
            boolean pooled = rounds.get(0).hasSamples();
            String how = pooled ? "pooled samples" : "median of round medians and of round p99s";
            report.table().row(c.name(), String.valueOf(calls.get(c)), Table.ms(combined[0]), Table.ms(combined[1]),
                    c == exo ? "1x" : Table.ratio(ratio), how);
            var json = report.contender(c.name()).put("calls", calls.get(c)).put("median_ms", combined[0])
                    .put("p99_ms", combined[1]).put("combined_as", how);
            rounds.forEach(r -> json.withArray("rounds").addObject().put("median_ms", r.medianMs())
                    .put("p99_ms", r.p99Ms()));
            if (c != exo) {
                report.ratio(c.name() + " / exo-bridge", ratio);
            }
        }
        report.note("exo-bridge: one PwshSession with default options, " + o.warmUp + " warm-up calls first;"
                + " jPowerShell: waitPause=1 ms, maxWait=10 s, TERM=dumb, child JVM per round;"
                + " node-powershell and the official client: one process per round, own warm-up;"
                + " every pwsh: -NoProfile where the client allows, telemetry and update check off.");
        report.goalAtMost("exo-bridge median <= 1 ms", exoMedian, 1.0, " ms");
        report.goalAtLeast("official client / exo-bridge >= 3x", ratios.get(official), 3, "x");
        report.goalAtLeast("jPowerShell / exo-bridge >= 20x", ratios.get(jpowershell), 20, "x");
        report.goalAtLeast("pwsh -Command per call / exo-bridge >= 300x", ratios.get(perProcess), 300, "x");
        return report;
    }

    /** {median, p99} over the rounds: pooled samples, or medians of the rounds' own figures. */
    private static double[] combine(List<RoundFigures> rounds) {
        if (rounds.get(0).hasSamples()) {
            double[] all = Stats.pool(rounds.stream().map(RoundFigures::samplesMs).toList());
            return new double[] {Stats.median(all), Stats.percentile(all, 99)};
        }
        double[] medians = rounds.stream().mapToDouble(RoundFigures::medianMs).toArray();
        double[] p99s = rounds.stream().mapToDouble(RoundFigures::p99Ms).toArray();
        return new double[] {Stats.median(medians), Stats.median(p99s)};
    }
}
