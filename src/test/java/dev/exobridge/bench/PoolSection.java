package dev.exobridge.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Section 4, pool scaling ({@link PoolScaling#measure}): pools of 1, 2, 4 and 8 sessions on a
 * call that waits, with the goal that N sessions give at least 0.9 N times the throughput of
 * one; then pools of 1 and 2 on the CPU-light {@code 1}, for its CPU time per call.
 */
final class PoolSection implements Section {
    @Override
    public String key() {
        return "pool";
    }

    @Override
    public SectionReport run(BenchContext context) {
        BenchOptions o = context.options;
        SectionReport report = new SectionReport(String.format(Locale.ROOT,
                "4. Pool scaling: %d rounds, pools of a workload alternating", o.poolRounds),
                "configuration", "threads", "calls/run", "median calls/s", "min", "max", "x 1 session",
                "CPU ms/call");
        List<PoolScaling.Config> waiting = PoolScaling.waiting(o.poolSizes, o.poolSleepMs);
        PoolScaling.Result waited = measure(context, report, waiting, o.poolRounds);
        if (waited != null) {
            double one = waited.medianCallsPerSecond(waiting.get(0));
            for (PoolScaling.Config c : waiting) {
                double ratio = row(report, waited, c, one);
                report.ratio(c.label() + " / 1 session", ratio);
                if (c.sessions() == 1) {
                    continue; // the reference itself
                }
                report.goalAtLeast(c.label() + ": >= " + String.format(Locale.ROOT, "%.1f", 0.9 * c.sessions())
                        + "x of 1 session", ratio, 0.9 * c.sessions(), "x");
            }
        } else {
            report.goalAtLeast("N sessions >= 0.9 N x of 1 session", null, 0, "x");
        }
        List<PoolScaling.Config> light = PoolScaling.cpuLight(o.poolThreads, o.poolCalls);
        PoolScaling.Result lit = measure(context, report, light, o.poolRounds);
        if (lit != null) {
            double one = lit.medianCallsPerSecond(light.get(0));
            for (PoolScaling.Config c : light) {
                report.ratio(c.label() + " / 1 session", row(report, lit, c, one));
            }
        }
        report.note(Runtime.getRuntime().availableProcessors() + " CPUs. The waiting call is 'Start-Sleep"
                + " -Milliseconds " + o.poolSleepMs + "; 1' (as an Exchange REST call waits on the network): N sessions,"
                + " 2N client threads, 100N calls a run. CPU ms/call: user + system time of this JVM and of the"
                + " pool's pwsh processes over the run, per call.");
        return report;
    }

    private static PoolScaling.Result measure(BenchContext context, SectionReport report,
                                              List<PoolScaling.Config> configs, int rounds) {
        try {
            return PoolScaling.measure(context.pwsh(), configs, rounds, (round, config, figures) ->
                    context.progress("round %d/%d: %s, %.0f calls/s, %.3f ms CPU a call", round, rounds,
                            config.label(), figures.callsPerSecond(), figures.cpuMsPerCall()));
        } catch (Exception e) {
            List<String> labels = new ArrayList<>();
            configs.forEach(c -> labels.add(c.label()));
            report.failed(String.join(" / ", labels), ContenderFailure.reason(e));
            return null;
        }
    }

    /** Adds the configuration's row; returns its median throughput over {@code one}'s. */
    private static double row(SectionReport report, PoolScaling.Result result, PoolScaling.Config c, double one) {
        double[] perSecond = result.callsPerSecond(c);
        double median = result.medianCallsPerSecond(c);
        double cpu = result.medianCpuMsPerCall(c);
        report.table().row(c.label(), String.valueOf(c.threads()), Table.number(c.calls()), Table.number(median),
                Table.number(Stats.min(perSecond)), Table.number(Stats.max(perSecond)), Table.ratio(median / one),
                String.format(Locale.ROOT, "%.3f", cpu));
        report.contender(c.label()).put("sessions", c.sessions()).put("threads", c.threads())
                .put("calls_per_run", c.calls()).put("median_calls_per_s", median)
                .put("min_calls_per_s", Stats.min(perSecond)).put("max_calls_per_s", Stats.max(perSecond))
                .put("median_cpu_ms_per_call", cpu);
        return median / one;
    }
}
