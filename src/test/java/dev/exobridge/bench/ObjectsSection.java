package dev.exobridge.bench;

import dev.exobridge.bench.ObjectsContender.ObjectsRun;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Section 2: objects of ten properties into Java JsonNodes, end to end, every contender on the
 * same producer text. With more than one round the contenders alternate and each reports its
 * median time.
 */
final class ObjectsSection implements Section {
    @Override
    public String key() {
        return "objects";
    }

    @Override
    public SectionReport run(BenchContext context) {
        BenchOptions o = context.options;
        ObjectsContender exo = new ExoObjects(context.pwsh(), o.objectsDepth, false);
        ObjectsContender fast = new ExoObjects(context.pwsh(), o.objectsDepth, true);
        ObjectsContender official = new OfficialObjects(context.officialClient());
        ObjectsContender convert = new ConvertToJsonObjects(context.pwsh());
        ObjectsContender floor = new PwshFloor(context.pwsh());
        List<ObjectsContender> contenders = List.of(exo, fast, official, convert, floor);

        Alternation<ObjectsContender, ObjectsRun> runs = Alternation.run(context, contenders, o.objectRounds,
                (c, round) -> {
                    context.progress("round %d/%d: %s, %,d objects", round + 1, o.objectRounds, c.name(), o.objects);
                    return c.run(o.objects);
                });

        SectionReport report = new SectionReport(String.format(java.util.Locale.ROOT,
                "2. %,d objects of 10 properties into JsonNodes (%d round%s)", o.objects, o.objectRounds,
                o.objectRounds == 1 ? "" : "s, contenders alternating, median"),
                "contender", "seconds", "CPU s", "objects/s", "x exo (time)", "x floor", "nested Manager as");
        Double exoSeconds = runs.failure(exo) != null ? null : seconds(runs.results(exo));
        Double floorSeconds = runs.failure(floor) != null ? null : seconds(runs.results(floor));
        Map<ObjectsContender, Double> ratios = new LinkedHashMap<>();
        for (ObjectsContender c : contenders) {
            if (runs.failure(c) != null) {
                report.failed(c.name(), runs.failure(c));
                continue;
            }
            double seconds = seconds(runs.results(c));
            Double ratio = exoSeconds == null ? null : seconds / exoSeconds;
            ratios.put(c, ratio);
            String manager = runs.results(c).get(0).manager();
            double cpu = Stats.median(runs.results(c).stream().mapToDouble(ObjectsRun::cpuSeconds).toArray());
            Double overFloor = floorSeconds == null ? null : seconds / floorSeconds;
            report.table().row(c.name(), String.format(java.util.Locale.ROOT, "%.2f", seconds), Usage.format(cpu),
                    Table.number(o.objects / seconds), c == exo ? "1x" : Table.ratio(ratio), Table.ratio(overFloor),
                    manager);
            report.contender(c.name()).put("objects", o.objects).put("seconds", seconds).put("cpu_seconds", cpu)
                    .put("objects_per_s", o.objects / seconds).put("nested_manager_as", manager);
            if (c != floor) {
                report.ratio(c.name() + " / floor", overFloor);
            }
            if (c != exo) {
                report.ratio(c.name() + " / exo-bridge", ratio);
            }
        }
        report.note("exo-bridge: stream() and json() on every object, count and first object checked"
                + " (fast serialiser: SessionOptions.Builder.fastSerializer(true), off by default);"
                + " official client: its Invoke() on a warm session (deserialised PSObjects);"
                + " ConvertTo-Json: process start to parsed Jackson array; floor: Stopwatch inside pwsh.");
        report.note("CPU s: user + system seconds of every process of the contender over the timed span"
                + " (exo-bridge: this JVM + its pwsh; official: client + server pwsh, whole run less a run of "
                + OfficialObjects.BASELINE_OBJECTS + " objects; ConvertTo-Json: the process + this JVM's parse;"
                + " floor: the pwsh's own).");
        report.goalAtMost("exo-bridge / floor <= 2x", exoSeconds == null || floorSeconds == null ? null
                : exoSeconds / floorSeconds, 2, "x");
        report.goalAtLeast("official client / exo-bridge >= 4x", ratios.get(official), 4, "x");
        report.goalAtLeast("ConvertTo-Json path / exo-bridge >= 1x (no slower)", ratios.get(convert), 1, "x");
        Double fastSeconds = runs.failure(fast) != null ? null : seconds(runs.results(fast));
        report.goalAtMost("exo-bridge, fast serialiser / floor <= 2x", fastSeconds == null || floorSeconds == null ? null
                : fastSeconds / floorSeconds, 2, "x");
        report.goalAtLeast("official client / exo-bridge, fast serialiser >= 4x", fastSeconds == null || ratios.get(official) == null
                ? null : seconds(runs.results(official)) / fastSeconds, 4, "x");
        return report;
    }

    private static double seconds(List<ObjectsRun> runs) {
        return Stats.median(runs.stream().mapToDouble(ObjectsRun::seconds).toArray());
    }
}
