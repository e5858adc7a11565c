package dev.exobridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child process to its end with a timeout and captures its output: the one way the
 * benchmarks start processes. Every child gets the environment exo-bridge gives its own pwsh
 * (no telemetry, no update check) plus {@code TERM=dumb}, so no contender pays for a network call
 * or trips over terminal escape codes that another does not. A child that overruns its timeout is
 * killed with its descendants; so is every child still running when the JVM exits.
 */
final class ProcessRunner {
    static final Map<String, String> CHILD_ENVIRONMENT = Map.of(
            "POWERSHELL_TELEMETRY_OPTOUT", "1",
            "POWERSHELL_UPDATECHECK", "Off",
            "TERM", "dumb");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ProcessRunner::killTree),
                "bench-process-cleanup"));
    }

    private ProcessRunner() {
    }

    /** What a finished child left: exit code, output, and wall time from start to exit. */
    record Result(List<String> command, int exitCode, byte[] stdoutBytes, String stderr, long nanos) {
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
        ProcessBuilder builder = new ProcessBuilder(command);
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
            return new Result(command, process.exitValue(), stdout,
                    new String(err.get(), StandardCharsets.UTF_8), nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContenderFailure("interrupted");
        } catch (IOException | ExecutionException e) {
            throw new ContenderFailure("reading the output of " + command.get(0) + ": " + ContenderFailure.reason(e));
        } finally {
            killTree(process); // a child's own children (pwsh under a driver) must not outlive it
            LIVE.remove(process);
        }
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
