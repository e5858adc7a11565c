package dev.exobridge.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the figures came from: CPU, memory, load, versions and the commit, so that a table in
 * docs/benchmarks.md can say which machine and which code it measured.
 */
final class Machine {
    private Machine() {
    }

    /** The load average (Linux), so a reader can tell a quiet run from a noisy one. */
    static String loadAverage() {
        return firstLine(Path.of("/proc/loadavg"), "");
    }

    static ObjectNode describe(Path pwsh) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("date", Instant.now().toString());
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("cpu", cpuModel());
        m.put("memory", firstLine(Path.of("/proc/meminfo"), "MemTotal").replaceAll("\\s+", " "));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("pwsh", pwsh.toString());
        m.put("pwsh_version", output(List.of(pwsh.toString(), "--version")));
        m.put("commit", output(List.of("git", "describe", "--always", "--dirty")));
        m.put("load_average_before", loadAverage());
        return m;
    }

    private static String cpuModel() {
        return firstLine(Path.of("/proc/cpuinfo"), "model name").replaceFirst("^model name\\s*:\\s*", "");
    }

    /** The first line of a file that starts with {@code prefix}; "unknown" if none or unreadable. */
    private static String firstLine(Path file, String prefix) {
        try (var lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(prefix)).findFirst().map(String::trim).orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String output(List<String> command) {
        try {
            ProcessRunner.Result r = ProcessRunner.run(command, Duration.ofSeconds(30));
            return r.exitCode() == 0 ? r.stdout().trim() : "unknown";
        } catch (RuntimeException e) {
            return "unknown";
        }
    }
}
