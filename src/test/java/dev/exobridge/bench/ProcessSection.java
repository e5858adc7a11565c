package dev.exobridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Section 7, the whole process, as a scheduled job starts it: {@code bin/exo-bridge run -c 1}
 * (with its class-data-sharing archive, and without) against {@code pwsh -Command 1}; a run
 * connected to the Exchange Online simulator ({@code run --simulator} with an access token)
 * against a {@code pwsh -Command} that imports the simulator and connects itself; and 100,000
 * objects through {@code run --format ndjson}, its own start subtracted, against the floor.
 * Alternating, after one untimed round (it fills the page cache and trains the archive).
 */
final class ProcessSection implements Section {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MAILBOX = "Get-EXOMailbox -ResultSize 1 -WarningAction SilentlyContinue"
            + " | Select-Object -ExpandProperty PrimarySmtpAddress";

    @Override
    public String key() {
        return "process";
    }

    /** One way to run a whole process, and what its stdout must be: JSON (exo-bridge) or text (pwsh). */
    private record Whole(String name, List<String> command, Map<String, String> env, String expected)
            implements Contender {
        ProcessRunner.Result run() {
            ProcessRunner.Result r = ProcessRunner.run(command, env, Duration.ofSeconds(120)).requireSuccess();
            boolean json = expected.startsWith("[");
            try {
                if (json ? !JSON.readTree(r.stdout()).equals(JSON.readTree(expected))
                        : !r.stdout().strip().equals(expected)) {
                    throw new ContenderFailure(name + " printed " + r.stdout().strip());
                }
            } catch (IOException e) {
                throw new ContenderFailure(name + " printed no JSON: " + r.stdout().strip());
            }
            return r;
        }
    }

    @Override
    public SectionReport run(BenchContext context) {
        BenchOptions o = context.options;
        SectionReport report = new SectionReport("7. The whole process (" + o.processRuns
                + " runs each, alternating, after one untimed)", "contender", "median ms", "min ms", "max ms",
                "median CPU s", "x its pwsh");
        Path launcher = o.launcher.toAbsolutePath();
        Map<String, String> env = new HashMap<>();
        env.put("EXOBRIDGE_PWSH", context.pwsh().toString());
        env.put("EXOBRIDGE_NO_BUILD", "1"); // the benchmark built the jar; a rebuild is not a start
        if (o.cliJar != null) {
            env.put("EXOBRIDGE_JAR", o.cliJar.toAbsolutePath().toString());
        }
        Map<String, String> noCds = new HashMap<>(env);
        noCds.put("EXOBRIDGE_CDS", "off");
        String pwsh = context.pwsh().toString();
        Whole exo = new Whole("bin/exo-bridge run -c 1", List.of(launcher.toString(), "run", "-c", "1"), env, "[1]");
        Whole exoNoCds = new Whole("bin/exo-bridge run -c 1, EXOBRIDGE_CDS=off",
                List.of(launcher.toString(), "run", "-c", "1"), noCds, "[1]");
        Whole bare = new Whole("pwsh -NoLogo -NoProfile -Command 1", List.of(pwsh, "-NoLogo", "-NoProfile", "-Command",
                "1"), Map.of(), "1");
        List<Whole> contenders = new ArrayList<>(List.of(exo, exoNoCds, bare));
        Whole exoConnected = null;
        Whole pwshConnected = null;
        String simulatorFailure = null;
        try {
            Simulator sim = Simulator.prepare(context, launcher, env);
            exoConnected = new Whole("bin/exo-bridge run, simulator: connect + 1 mailbox",
                    List.of(launcher.toString(), "run", "--simulator", "--simulator-state", sim.state().toString(),
                            "--organization", "contoso.onmicrosoft.com", "--access-token-file", sim.token().toString(),
                            "-c", MAILBOX), env, "[\"" + sim.firstMailbox() + "\"]");
            pwshConnected = new Whole("pwsh -Command: import simulator, connect + 1 mailbox",
                    List.of(pwsh, "-NoLogo", "-NoProfile", "-Command", "$env:EXO_SIMULATOR_STATE = '"
                            + sim.state() + "'; Import-Module '" + sim.moduleBase() + "'; Connect-ExchangeOnline"
                            + " -AccessToken ([IO.File]::ReadAllText('" + sim.token() + "').Trim()) -Organization"
                            + " contoso.onmicrosoft.com -ShowBanner:$false; " + MAILBOX
                            + "; Disconnect-ExchangeOnline -Confirm:$false"), Map.of(), sim.firstMailbox());
            contenders.add(exoConnected);
            contenders.add(pwshConnected);
        } catch (RuntimeException e) {
            simulatorFailure = ContenderFailure.reason(e);
        }

        Alternation<Whole, ProcessRunner.Result> runs = Alternation.run(context, contenders, o.processRuns + 1,
                (c, round) -> {
                    context.progress("run %d/%d%s: %s", round, o.processRuns, round == 0 ? " (untimed)" : "",
                            c.name());
                    return c.run();
                });
        Map<Whole, Whole> counterpart = new HashMap<>(Map.of(exo, bare, exoNoCds, bare));
        if (exoConnected != null) {
            counterpart.put(exoConnected, pwshConnected);
        }
        Double exoMedian = null;
        for (Whole c : contenders) {
            if (runs.failure(c) != null) {
                report.failed(c.name(), runs.failure(c));
                continue;
            }
            List<ProcessRunner.Result> timed = runs.results(c).subList(1, runs.results(c).size());
            double[] ms = timed.stream().mapToDouble(ProcessRunner.Result::millis).toArray();
            double cpu = Stats.median(timed.stream().mapToDouble(ProcessRunner.Result::cpuSeconds).toArray());
            double median = Stats.median(ms);
            Whole other = counterpart.get(c);
            Double ratio = other == null || runs.failure(other) != null ? null
                    : median / Stats.median(runs.results(other).subList(1, runs.results(other).size()).stream()
                            .mapToDouble(ProcessRunner.Result::millis).toArray());
            if (c == exo) {
                exoMedian = median;
            }
            report.table().row(c.name(), Table.ms(median), Table.ms(Stats.min(ms)), Table.ms(Stats.max(ms)),
                    Usage.format(cpu), other == null ? "1x" : Table.ratio(ratio));
            report.contender(c.name()).put("median_ms", median).put("min_ms", Stats.min(ms))
                    .put("max_ms", Stats.max(ms)).put("median_cpu_seconds", cpu).put("runs", ms.length);
            if (other != null) {
                report.ratio(c.name() + " / " + other.name(), ratio);
            }
        }
        if (simulatorFailure != null) {
            report.failed("simulator runs", simulatorFailure);
        }
        Double ratio = report.json().path("ratios").path(exo.name() + " / " + bare.name()).isNumber()
                ? report.json().path("ratios").path(exo.name() + " / " + bare.name()).asDouble() : null;
        report.goalAtMost("bin/exo-bridge run -c 1 / pwsh -Command 1 <= 1.3x", ratio, 1.3, "x");
        ndjson(context, report, launcher, env, exoMedian);
        report.note("Wall time of each process from its start to its exit (stdout read and checked); CPU: user +"
                + " system time of the process and all its descendants (the JVM and its pwsh). bin/exo-bridge"
                + " with EXOBRIDGE_NO_BUILD=1 and its default JVM options; the simulator tenant has 10 mailboxes.");
        return report;
    }

    /** 100,000 objects through run --format ndjson, less run -c 1's median, against the floor. */
    private static void ndjson(BenchContext context, SectionReport report, Path launcher, Map<String, String> env,
                               Double startMs) {
        int n = context.options.processObjects;
        String name = String.format(Locale.ROOT, "run --format ndjson, %,d objects, less run -c 1", n);
        try {
            context.progress("%s", name);
            ProcessRunner.Result r = ProcessRunner.run(List.of(launcher.toString(), "run", "--format", "ndjson", "-c",
                    Producers.of(Producers.TEN_PROPERTIES, n)), env, Duration.ofSeconds(300 + n / 100)).requireSuccess();
            long lines = r.stdout().lines().count();
            if (lines != n) {
                throw new ContenderFailure("printed " + lines + " lines, not " + n);
            }
            context.progress("floor for %,d objects", n);
            ObjectsContender.ObjectsRun floor = new PwshFloor(context.pwsh()).run(n);
            double seconds = (r.millis() - (startMs == null ? 0 : startMs)) / 1000;
            report.table().row(name, Table.ms(seconds * 1000), "-", "-", Usage.format(r.cpuSeconds()),
                    Table.ratio(seconds / floor.seconds()) + " floor");
            report.table().row("floor: pwsh alone | Out-Null", Table.ms(floor.seconds() * 1000), "-", "-",
                    Usage.format(floor.cpuSeconds()), "1x floor");
            report.contender(name).put("seconds_less_start", seconds).put("whole_seconds", r.millis() / 1000)
                    .put("cpu_seconds", r.cpuSeconds()).put("floor_seconds", floor.seconds());
            report.ratio(name + " / floor", seconds / floor.seconds());
            report.goalAtMost("CLI ndjson (start subtracted) / floor <= 2x", seconds / floor.seconds(), 2, "x");
        } catch (RuntimeException e) {
            report.failed(name, ContenderFailure.reason(e));
        }
    }

    /** A simulator tenant of 10 mailboxes, an access token file (0600) and the module's folder. */
    private record Simulator(Path state, Path token, Path moduleBase, String firstMailbox) {
        static Simulator prepare(BenchContext context, Path launcher, Map<String, String> env) {
            try {
                Path dir = context.options.out.toAbsolutePath().getParent().resolve("simulator");
                Files.createDirectories(dir);
                Path state = dir.resolve("tenant.json");
                Path token = dir.resolve("token.txt");
                context.progress("simulator tenant in %s", dir);
                ProcessRunner.run(List.of(launcher.toString(), "simulator", "init", "--state", state.toString(),
                        "--organization", "contoso", "--mailboxes", "10", "--seed", "1", "--force"), env,
                        Duration.ofSeconds(120)).requireSuccess();
                String text = text(launcher, env, state, "New-ExoSimulatorAccessToken -Lifetime 06:00:00");
                Files.deleteIfExists(token);
                Files.createFile(token, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(token, text);
                Path base = Path.of(text(launcher, env, state,
                        "(Get-Module -ListAvailable ExchangeOnlineManagement)[0].ModuleBase"));
                JsonNode first = JSON.readTree(ProcessRunner.run(List.of(launcher.toString(), "run", "--simulator",
                        "--simulator-state", state.toString(), "--organization", "contoso.onmicrosoft.com",
                        "--access-token-file", token.toString(), "-c", MAILBOX), env, Duration.ofSeconds(120))
                        .requireSuccess().stdout());
                return new Simulator(state, token, base, first.get(0).asText());
            } catch (IOException e) {
                throw new ContenderFailure("preparing the simulator: " + ContenderFailure.reason(e));
            }
        }

        private static String text(Path launcher, Map<String, String> env, Path state, String script) {
            return ProcessRunner.run(List.of(launcher.toString(), "run", "--simulator", "--simulator-state",
                    state.toString(), "--format", "text", "-c", script), env, Duration.ofSeconds(120))
                    .requireSuccess().stdout().strip();
        }
    }
}
