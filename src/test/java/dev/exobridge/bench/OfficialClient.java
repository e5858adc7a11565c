package dev.exobridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * PowerShell's own remoting client (.NET) over the same {@code pwsh -s} transport, driven by
 * {@code ../shared/bench/official-client.ps1}, which prints its figures as one JSON line. Each
 * run is a new pwsh that opens {@code sessions + 1} remote sessions, so a run is costly: the
 * sections ask for what they need and keep the rest small.
 */
final class OfficialClient {
    private final Path pwsh;
    private final Path script;

    OfficialClient(Path pwsh, Path script) {
        this.pwsh = pwsh;
        this.script = script;
    }

    /**
     * Runs the script once. {@code producer} (null: the script's own) is the text with {N} for the
     * object count, the same text the other contenders run. Returns the JSON line.
     */
    JsonNode run(int calls, int objects, int sessions, String producer, Duration timeout) {
        return runTimed(calls, objects, sessions, producer, timeout).jsonLine();
    }

    /** As {@link #run}, returning the whole result (wall time, CPU time of both pwsh processes). */
    ProcessRunner.Result runTimed(int calls, int objects, int sessions, String producer, Duration timeout) {
        if (!Files.isRegularFile(script)) {
            throw new ContenderFailure("official client script not found: " + script
                    + " (pass --official-client or set EXOBRIDGE_SHARED)");
        }
        List<String> command = new ArrayList<>(List.of(pwsh.toString(), "-NoLogo", "-NoProfile", "-File",
                script.toString(), "-Calls", String.valueOf(calls), "-Objects", String.valueOf(objects),
                "-Sessions", String.valueOf(sessions)));
        if (producer != null) {
            command.add("-Producer");
            command.add(producer);
        }
        return ProcessRunner.run(command, timeout).requireSuccess();
    }

    static double number(JsonNode figures, String field) {
        JsonNode value = figures.get(field);
        if (value == null || !value.isNumber()) {
            throw new ContenderFailure("the official client's JSON has no number '" + field + "'");
        }
        return value.asDouble();
    }
}
