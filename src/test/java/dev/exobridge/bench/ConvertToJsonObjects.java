package dev.exobridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The do-it-yourself path: one {@code pwsh -Command "<producer> | ConvertTo-Json -Compress -Depth 3"}
 * process, its stdout parsed with Jackson into one array of JsonNodes; timed from process start
 * to the parsed array. CPU: the process's, plus this JVM's while it parses.
 */
final class ConvertToJsonObjects implements ObjectsContender {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path pwsh;

    ConvertToJsonObjects(Path pwsh) {
        this.pwsh = pwsh;
    }

    @Override
    public String name() {
        return "pwsh -Command | ConvertTo-Json";
    }

    @Override
    public ObjectsRun run(int objects) {
        String script = Producers.of(Producers.TEN_PROPERTIES, objects) + " | ConvertTo-Json -Compress -Depth 3";
        double jvmBefore = Usage.jvmCpuSeconds();
        long start = System.nanoTime();
        ProcessRunner.Result result = ProcessRunner.run(List.of(pwsh.toString(), "-NoLogo", "-NoProfile",
                "-Command", script), Duration.ofSeconds(300 + objects / 100)).requireSuccess();
        JsonNode array;
        try {
            array = JSON.readTree(result.stdoutBytes());
        } catch (IOException e) {
            throw new ContenderFailure("ConvertTo-Json output does not parse: " + e.getMessage());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = result.cpuSeconds() + Usage.jvmCpuSeconds() - jvmBefore;
        if (array == null || !array.isArray() || array.size() != objects) {
            throw new ContenderFailure("ConvertTo-Json gave " + (array == null || !array.isArray() ? "no array"
                    : array.size() + " objects") + ", not " + objects);
        }
        return new ObjectsRun(seconds, cpu, ObjectCheck.firstOfTen(array.get(0)));
    }
}
