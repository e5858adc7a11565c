package dev.exobridge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;

/**
 * The benchmarks of issue 7, side by side with the alternatives, in one run on one machine:
 * 1. warm round trip of {@code 1}, 2. objects into JsonNodes, 3. start to ready, 4. pool
 * scaling, 5. memory. Prints a table and the goals (met or missed) per section and writes all
 * figures to results.json. A benchmark, not a test: it never fails on time; a contender that
 * cannot run is reported as failed and the run goes on.
 *
 * <p>Run everything with {@code scripts/bench.sh} (see docs/benchmarks.md), or one section with
 * {@code scripts/bench.sh --sections roundtrip}; {@code --help} lists the options.
 */
public final class Benchmarks {
    private static final List<Section> SECTIONS = List.of(new RoundTripSection(), new ObjectsSection(),
            new StartupSection(), new PoolSection(), new MemorySection(), new SessionMemorySection(), new ProcessSection());

    private Benchmarks() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (BenchOptions.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("bench: " + e.getMessage());
            }
            System.err.print(BenchOptions.USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        PrintStream out = System.out;
        BenchContext context = new BenchContext(options, System.err);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode results = mapper.createObjectNode();
        ObjectNode machine = Machine.describe(options.pwsh);
        results.set("machine", machine);
        results.set("options", options(mapper, options));
        ObjectNode sections = results.putObject("sections");
        out.printf(Locale.ROOT, "exo-bridge benchmarks: %s, %s CPUs (%s), %s, commit %s; load average %s%n",
                machine.path("pwsh_version").asText(), machine.path("cpus").asText(), machine.path("cpu").asText(),
                machine.path("java").asText(), machine.path("commit").asText(),
                machine.path("load_average_before").asText());
        List<String> environment = ProcessRunner.describeEnvironment();
        out.println("environment of every pwsh of every contender: " + String.join(", ", environment));
        environment.forEach(machine.putArray("pwsh_environment")::add);

        for (Section section : SECTIONS) {
            if (!options.sections.contains(section.key())) {
                continue;
            }
            System.err.println("[" + section.key() + "]");
            String loadBefore = Machine.loadAverage();
            long start = System.nanoTime();
            SectionReport report;
            try {
                report = section.run(context);
            } catch (RuntimeException e) { // a bug in a section must not cost the others
                report = new SectionReport(section.key(), "section", "result");
                report.failed(section.key(), ContenderFailure.reason(e));
            }
            report.json().put("wall_seconds", (System.nanoTime() - start) / 1e9);
            String loadAfter = Machine.loadAverage();
            report.json().put("load_average_before", loadBefore).put("load_average_after", loadAfter);
            report.note("load average before the section: " + loadBefore + "; after: " + loadAfter);
            report.print(out);
            sections.set(section.key(), report.json());
            write(mapper, results, options); // after each section: a long run that dies keeps what it had
        }
        machine.put("load_average_after", Machine.loadAverage());
        write(mapper, results, options);
        out.println();
        out.println("load average after: " + Machine.loadAverage() + "; figures written to " + options.out);
    }

    private static ObjectNode options(ObjectMapper mapper, BenchOptions o) {
        ObjectNode node = mapper.createObjectNode();
        node.putPOJO("sections", List.copyOf(o.sections));
        node.put("calls", o.calls).put("jpowershell_calls", o.jpowershellCalls()).put("process_calls", o.processCalls)
                .put("rounds", o.rounds).put("warm_up", o.warmUp).put("objects", o.objects)
                .put("object_rounds", o.objectRounds).put("starts", o.starts).put("pool_threads", o.poolThreads)
                .put("pool_calls", o.poolCalls).put("pool_rounds", o.poolRounds)
                .put("pool_sleep_ms", o.poolSleepMs)
                .put("memory_objects", o.memoryObjects).put("memory_heap", o.memoryHeap)
                .put("rss_objects", o.rssObjects).put("process_runs", o.processRuns)
                .put("process_objects", o.processObjects);
        node.putPOJO("pool_sizes", o.poolSizes);
        if (o.objectsDepth != null) {
            node.put("objects_depth", o.objectsDepth);
        }
        return node;
    }

    private static void write(ObjectMapper mapper, ObjectNode results, BenchOptions options) throws IOException {
        if (options.out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(options.out.toAbsolutePath().getParent());
        }
        mapper.writeValue(options.out.toFile(), results);
    }
}
