package dev.exobridge.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command line of {@link Benchmarks}: which sections, how many calls and objects, where the
 * tools are. {@code --quick} first sets small counts for a smoke run; options after it (in any
 * order) still override them.
 */
final class BenchOptions {
    static final List<String> SECTIONS = List.of("roundtrip", "objects", "startup", "pool", "memory", "rss",
            "process");

    Set<String> sections = new LinkedHashSet<>(SECTIONS);
    Path pwsh = System.getenv("EXOBRIDGE_PWSH") == null ? null : Path.of(System.getenv("EXOBRIDGE_PWSH"));
    Path officialClient = defaultOfficialClient();
    Path nodeDriver = Path.of("scripts/bench/node-powershell.js");
    Path nodePrefix = Path.of("target/bench/node");
    Path out = Path.of("target/bench/results.json");

    // 1. warm round trip
    int calls = 1000;
    int jpowershellCalls = -1; // -1: as many as the others
    int processCalls = 30;
    int rounds = 5;
    int warmUp = 300;
    // 2. objects
    int objects = 100_000;
    int objectRounds = 1;
    Integer objectsDepth; // null: the remoting default, as the official client gets
    // 3. start to ready
    int starts = 7;
    // 4. pool scaling
    int poolThreads = 4;
    int poolCalls = 2000;
    int poolRounds = 5;
    List<Integer> poolSizes = List.of(1, 2, 4, 8);
    int poolSleepMs = 20;
    // 5. memory
    int memoryObjects = 1_000_000;
    String memoryHeap = "64m";
    int memoryTimeoutSeconds = 3600;
    // 6. memory per session
    int rssObjects = 100_000;
    Path officialMemory = SessionMemorySection.defaultScript();
    // 7. the whole process
    int processRuns = 7;
    int processObjects = 100_000;
    Path launcher = Path.of("bin/exo-bridge");
    Path cliJar; // null: the launcher's own choice

    static final String USAGE = """
            Benchmarks of exo-bridge against the alternatives (issue 7); prints tables, writes JSON.
            Usually run through scripts/bench.sh, which builds, installs node-powershell and passes
            --pwsh, --node-prefix and --out.

              --sections LIST          comma-separated, of: roundtrip,objects,startup,pool,memory,
                                       rss,process (or 1..7); default all
              --quick                  small counts for a smoke run (100 calls, 5,000 objects, ...)
              --pwsh PATH              the pwsh every contender uses (default $EXOBRIDGE_PWSH)
              --official-client PATH   official-client.ps1 (default ../shared/bench/official-client.ps1)
              --node-prefix DIR        npm prefix holding node_modules/node-powershell
              --node-driver PATH       the node driver (default scripts/bench/node-powershell.js)
              --out PATH               results JSON (default target/bench/results.json)
              --calls N                1: calls of '1' per contender (default 1000)
              --jpowershell-calls N    1: calls for jPowerShell (default: --calls; ~55 ms each)
              --process-calls N        1: calls for one pwsh process per call (default 30)
              --rounds N               1: rounds the calls are split into, contenders alternating (5)
              --warm-up N              1: warm-up calls per session before measuring (300)
              --objects N              2: objects of 10 properties (default 100000)
              --object-rounds N        2: rounds, contenders alternating (default 1)
              --objects-depth N        2: serialisation depth exo-bridge asks for (default: remoting's)
              --starts N               3: starts per contender, alternating (default 7)
              --pool-sizes LIST        4: pool sizes on the waiting call (default 1,2,4,8)
              --pool-sleep-ms N        4: how long the waiting call sleeps (default 20)
              --pool-threads N         4: client threads for the CPU-light '1' (default 4)
              --pool-calls N           4: calls of '1' per run (default 2000)
              --pool-rounds N          4: rounds, configurations alternating (default 5)
              --memory-objects N       5: objects streamed in the child JVM (default 1000000)
              --memory-heap SIZE       5: the child JVM's -Xmx (default 64m)
              --memory-timeout SECONDS 5: how long the child JVM may take (default 3600)
              --rss-objects N          6: objects of the call after which RSS is read (100000)
              --official-memory PATH   6: the official client's memory script
                                       (default scripts/bench/official-memory.ps1)
              --process-runs N         7: runs of each whole process, alternating (default 7)
              --process-objects N      7: objects through run --format ndjson (default 100000)
              --launcher PATH          7: bin/exo-bridge (default bin/exo-bridge)
              --cli-jar PATH           7: the jar it runs (EXOBRIDGE_JAR; scripts/bench.sh passes it)
            """;

    static BenchOptions parse(String[] args) {
        BenchOptions o = new BenchOptions();
        if (List.of(args).contains("--quick")) {
            o.quick();
        }
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--quick")) {
                continue;
            }
            if (name.equals("--help") || name.equals("-h")) {
                throw new UsageException(null);
            }
            if (i + 1 >= args.length) {
                throw new UsageException("missing value after " + name);
            }
            String value = args[++i];
            switch (name) {
                case "--sections" -> o.sections = sections(value);
                case "--pwsh" -> o.pwsh = Path.of(value);
                case "--official-client" -> o.officialClient = Path.of(value);
                case "--node-prefix" -> o.nodePrefix = Path.of(value);
                case "--node-driver" -> o.nodeDriver = Path.of(value);
                case "--out" -> o.out = Path.of(value);
                case "--calls" -> o.calls = positive(name, value);
                case "--jpowershell-calls" -> o.jpowershellCalls = positive(name, value);
                case "--process-calls" -> o.processCalls = positive(name, value);
                case "--rounds" -> o.rounds = positive(name, value);
                case "--warm-up" -> o.warmUp = positive(name, value);
                case "--objects" -> o.objects = positive(name, value);
                case "--object-rounds" -> o.objectRounds = positive(name, value);
                case "--objects-depth" -> o.objectsDepth = positive(name, value);
                case "--starts" -> o.starts = positive(name, value);
                case "--pool-threads" -> o.poolThreads = positive(name, value);
                case "--pool-calls" -> o.poolCalls = positive(name, value);
                case "--pool-rounds" -> o.poolRounds = positive(name, value);
                case "--pool-sizes" -> o.poolSizes = sizes(name, value);
                case "--pool-sleep-ms" -> o.poolSleepMs = positive(name, value);
                case "--memory-objects" -> o.memoryObjects = positive(name, value);
                case "--memory-heap" -> o.memoryHeap = value;
                case "--memory-timeout" -> o.memoryTimeoutSeconds = positive(name, value);
                case "--rss-objects" -> o.rssObjects = positive(name, value);
                case "--official-memory" -> o.officialMemory = Path.of(value);
                case "--process-runs" -> o.processRuns = positive(name, value);
                case "--process-objects" -> o.processObjects = positive(name, value);
                case "--launcher" -> o.launcher = Path.of(value);
                case "--cli-jar" -> o.cliJar = Path.of(value);
                default -> throw new UsageException("unknown option " + name);
            }
        }
        if (o.pwsh == null) {
            throw new UsageException("no pwsh: pass --pwsh PATH or set EXOBRIDGE_PWSH");
        }
        if (o.rounds > Math.min(o.calls, Math.min(o.jpowershellCalls(), o.processCalls))) {
            throw new UsageException("--rounds must not exceed --calls, --jpowershell-calls or --process-calls");
        }
        return o;
    }

    /** Small counts: every section runs in a minute or two, figures only indicative. */
    private void quick() {
        calls = 100;
        processCalls = 6;
        rounds = 2;
        warmUp = 100;
        objects = 5_000;
        starts = 3;
        poolCalls = 300;
        poolRounds = 2;
        memoryObjects = 20_000;
        rssObjects = 5_000;
        processRuns = 3;
        processObjects = 5_000;
    }

    int jpowershellCalls() {
        return jpowershellCalls > 0 ? jpowershellCalls : calls;
    }

    private static Set<String> sections(String value) {
        Set<String> chosen = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String part : value.split(",")) {
            String key = part.trim().toLowerCase(java.util.Locale.ROOT);
            if (key.matches("[1-7]")) {
                key = SECTIONS.get(Integer.parseInt(key) - 1);
            }
            if (SECTIONS.contains(key)) {
                chosen.add(key);
            } else if (!key.isEmpty()) {
                unknown.add(part);
            }
        }
        if (!unknown.isEmpty() || chosen.isEmpty()) {
            throw new UsageException("unknown sections " + unknown + "; choose from " + SECTIONS);
        }
        // run in the documented order whatever order they were named in
        Set<String> ordered = new LinkedHashSet<>(SECTIONS);
        ordered.retainAll(chosen);
        return ordered;
    }

    private static List<Integer> sizes(String name, String value) {
        List<Integer> sizes = new ArrayList<>();
        for (String part : value.split(",")) {
            sizes.add(positive(name, part.trim()));
        }
        return List.copyOf(sizes);
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value.replace("_", "").replace(",", ""));
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(name + " needs a positive whole number, not '" + value + "'");
    }

    private static Path defaultOfficialClient() {
        String shared = System.getenv("EXOBRIDGE_SHARED");
        return Path.of(shared == null ? "../shared" : shared, "bench", "official-client.ps1");
    }

    /** A bad command line; a null message asks for the usage text alone. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
