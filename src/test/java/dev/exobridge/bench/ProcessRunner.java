package dev.exobridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exobridge.pwsh.PwshLaunch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child process to its end with a timeout and captures its output and CPU time: the one
 * way the benchmarks start processes. Every child gets the environment exo-bridge gives its own
 * pwsh ({@link PwshLaunch}'s defaults: no telemetry, no update check, the same GC settings such
 * as {@code DOTNET_GCgen0size}) plus {@code TERM=dumb}, so every pwsh of every contender runs
 * under the same conditions, and a pwsh that a child starts (the official client's server)
 * inherits them. A child that overruns its timeout is killed with its descendants; so is every
 * child still running when the JVM exits.
 *
 * <p>CPU time: the child runs under {@code scripts/bench/cpu-time.py} (python3), a child
 * subreaper that reports the user + system time of the child's whole process tree, orphans
 * included (the official client's server pwsh), and the child's own wall time, without python's
 * start. Without python3 or the script, the child runs directly and its CPU time is unknown.
 */
final class ProcessRunner {
    static final Map<String, String> CHILD_ENVIRONMENT = childEnvironment();

    /** The wrapper that measures CPU time, or null when it cannot run here. */
    private static final Path CPU_TIME = cpuTimeWrapper();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ProcessRunner::killTree),
                "bench-process-cleanup"));
    }

    private ProcessRunner() {
    }

    /** What a finished child left: exit code, output, and wall time from start to exit. */
    record Result(List<String> command, int exitCode, byte[] stdoutBytes, String stderr, long nanos,
                  double cpuSeconds) {
        String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        double millis() {
            return nanos / 1e6;
        }

        /** Itself if the exit code is 0; else a failure naming the last line of stderr. */
        Result requireSuccess() {
            if (exitCode != 0) {
                throw new ContenderFailure(program() + " exited with " + exitCode + lastLine(stderr, stdout()));
            }
            return this;
        }

        /** The last line of stdout that is a JSON object, parsed (drivers print their figures so). */
        JsonNode jsonLine() {
            List<String> lines = stdout().lines().map(String::trim).filter(l -> l.startsWith("{")).toList();
            if (lines.isEmpty()) {
                throw new ContenderFailure(program() + " printed no JSON line" + lastLine(stderr, stdout()));
            }
            try {
                JsonNode node = JSON.readTree(lines.get(lines.size() - 1));
                if (node.hasNonNull("error")) {
                    throw new ContenderFailure(program() + ": " + node.get("error").asText());
                }
                return node;
            } catch (IOException e) {
                throw new ContenderFailure(program() + " printed a JSON line that does not parse: " + e.getMessage());
            }
        }

        private String program() {
            return programName(command);
        }

        private static String lastLine(String... texts) {
            for (String text : texts) {
                List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
                if (!lines.isEmpty()) {
                    String line = lines.get(lines.size() - 1);
                    return ": " + (line.length() > 160 ? line.substring(0, 157) + "..." : line);
                }
            }
            return "";
        }
    }

    /**
     * Runs {@code command} to its end. Throws {@link ContenderFailure} if it cannot start or
     * overruns {@code timeout} (then it and its descendants are killed); a non-zero exit is
     * returned, for the caller to judge.
     */
    static Result run(List<String> command, Map<String, String> extraEnvironment, Duration timeout) {
        Path times;
        try {
            times = Files.createTempFile("bench-times", ".txt");
        } catch (IOException e) {
            throw new ContenderFailure("cannot create a temporary file: " + ContenderFailure.reason(e));
        }
        List<String> timed = new ArrayList<>();
        if (CPU_TIME != null) {
            timed.addAll(List.of("python3", CPU_TIME.toString(), times.toString()));
        }
        timed.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(timed);
        builder.environment().putAll(CHILD_ENVIRONMENT);
        builder.environment().putAll(extraEnvironment);
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ContenderFailure("cannot run " + command.get(0) + ": " + ContenderFailure.reason(e));
        }
        LIVE.add(process);
        try {
            process.getOutputStream().close(); // no input: a child that reads stdin sees its end
            CompletableFuture<byte[]> out = drain(process.getInputStream());
            CompletableFuture<byte[]> err = drain(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process);
                throw new ContenderFailure(programName(command) + " timed out after " + timeout.toSeconds() + " s");
            }
            byte[] stdout = out.get();
            long nanos = System.nanoTime() - start;
            double[] measured = measured(times);
            if (!Double.isNaN(measured[0])) {
                nanos = (long) (measured[0] * 1e9); // the child's own, without the wrapper's start
            }
            return new Result(command, process.exitValue(), stdout,
                    new String(err.get(), StandardCharsets.UTF_8), nanos, measured[1]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContenderFailure("interrupted");
        } catch (IOException | ExecutionException e) {
            throw new ContenderFailure("reading the output of " + command.get(0) + ": " + ContenderFailure.reason(e));
        } finally {
            killTree(process); // a child's own children (pwsh under a driver) must not outlive it
            LIVE.remove(process);
            try {
                Files.deleteIfExists(times);
            } catch (IOException e) {
                // a temporary file left behind is harmless
            }
        }
    }

    /** {wall seconds, CPU seconds} from the wrapper's result file; NaN where unknown. */
    private static double[] measured(Path file) {
        try {
            String[] f = Files.readString(file).trim().split(" ");
            return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])};
        } catch (IOException | RuntimeException e) {
            return new double[] {Double.NaN, Double.NaN};
        }
    }

    private static Path cpuTimeWrapper() {
        Path script = Path.of(System.getProperty("exobridge.bench.cputime", "scripts/bench/cpu-time.py"));
        if (!Files.isRegularFile(script)) {
            return null;
        }
        try {
            Process p = new ProcessBuilder("python3", "-c", "import ctypes, resource").start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? script.toAbsolutePath() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * What every child gets on top of the JVM's environment: exo-bridge's defaults for its own
     * pwsh (a default that yields to an inherited value is left out when the JVM has one, so the
     * child inherits that same value), plus TERM=dumb.
     */
    private static Map<String, String> childEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(PwshLaunch.of(Path.of("pwsh")).environmentAdditions());
        env.put("TERM", "dumb");
        return Collections.unmodifiableMap(env);
    }

    /**
     * The environment every pwsh of every contender sees, as "NAME=value" lines: the variables set
     * for children plus every inherited DOTNET_, COMPlus_ and POWERSHELL_ variable.
     */
    static List<String> describeEnvironment() {
        Map<String, String> seen = new TreeMap<>();
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("DOTNET_") || name.startsWith("COMPlus_") || name.startsWith("POWERSHELL_")) {
                seen.put(name, value + " (inherited)");
            }
        });
        CHILD_ENVIRONMENT.forEach((name, value) -> seen.put(name, value));
        List<String> lines = new ArrayList<>();
        seen.forEach((name, value) -> lines.add(name + "=" + value));
        return lines;
    }

    static Result run(List<String> command, Duration timeout) {
        return run(command, Map.of(), timeout);
    }

    /** The program's file name, for messages: "pwsh", "node", "java". */
    static String programName(List<String> command) {
        String first = command.get(0);
        return first.substring(first.lastIndexOf('/') + 1);
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        CompletableFuture<byte[]> bytes = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (in) {
                bytes.complete(in.readAllBytes());
            } catch (IOException e) {
                bytes.completeExceptionally(new UncheckedIOException(e));
            }
        }, "bench-drain");
        reader.setDaemon(true);
        reader.start();
        return bytes;
    }

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
