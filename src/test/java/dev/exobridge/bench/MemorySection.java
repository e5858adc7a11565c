package dev.exobridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Section 5, memory: {@link StreamMillion} in a child JVM with a small {@code -Xmx} streams many
 * small objects through exo-bridge; the goal is that it completes, and the peak heap is printed.
 */
final class MemorySection implements Section {
    @Override
    public String key() {
        return "memory";
    }

    @Override
    public SectionReport run(BenchContext context) {
        BenchOptions o = context.options;
        String name = "exo-bridge stream, child JVM -Xmx" + o.memoryHeap;
        SectionReport report = new SectionReport(String.format(Locale.ROOT,
                "5. Memory: %,d small objects streamed under -Xmx%s", o.memoryObjects, o.memoryHeap),
                "contender", "objects", "seconds", "objects/s", "peak heap MB (sampled)", "sum of pool peaks MB");
        context.progress("child JVM streaming %,d objects (may take minutes)", o.memoryObjects);
        boolean completed;
        try {
            List<String> command = ChildJvm.command(List.of("-Xmx" + o.memoryHeap), StreamMillion.class,
                    List.of(context.pwsh().toString(), String.valueOf(o.memoryObjects)));
            JsonNode line = ProcessRunner.run(command, Duration.ofSeconds(o.memoryTimeoutSeconds)).jsonLine();
            long objects = line.path("objects").asLong();
            double seconds = line.path("seconds").asDouble();
            completed = objects == o.memoryObjects;
            report.table().row(name, Table.number(objects), String.format(Locale.ROOT, "%.1f", seconds),
                    Table.number(objects / seconds), String.format(Locale.ROOT, "%.1f",
                            line.path("peak_heap_sampled_mb").asDouble()),
                    String.format(Locale.ROOT, "%.1f", line.path("peak_heap_pools_sum_mb").asDouble()));
            report.contender(name).setAll((com.fasterxml.jackson.databind.node.ObjectNode) line);
        } catch (RuntimeException e) {
            report.failed(name, ContenderFailure.reason(e));
            completed = false; // a run that did not finish is the goal missed, not unknown
        }
        report.note("peak heap: the highest total of used heap pools sampled every 5 ms from just before"
                + " the call; the sum of pool peaks is an upper bound.");
        report.goal("streaming " + Table.number(o.memoryObjects) + " objects under -Xmx" + o.memoryHeap
                + " completes", completed ? "completed" : "did not complete", completed);
        return report;
    }
}
