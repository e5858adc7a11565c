package dev.exobridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * The official client with the same producer text: its figure is the time of its
 * {@code Invoke()} of the producer on a warm session (its script warms it with 1,000 objects),
 * ending with every object deserialised into PowerShell objects (not JSON: that is its
 * native end point).
 *
 * <p>CPU: its script times only the call, so the CPU of the call is that of the whole run (the
 * client pwsh and its server pwsh) less that of a baseline run of the same script with 1,000
 * objects, made once: the starts, handshakes and warm-ups cancel out.
 */
final class OfficialObjects implements ObjectsContender {
    static final int BASELINE_OBJECTS = 1000;
    private final OfficialClient client;
    private Double baselineCpu;

    OfficialObjects(OfficialClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return "official client (.NET)";
    }

    @Override
    public ObjectsRun run(int objects) {
        if (baselineCpu == null) {
            baselineCpu = client.runTimed(10, BASELINE_OBJECTS, 1, Producers.TEN_PROPERTIES,
                    Duration.ofSeconds(300)).cpuSeconds();
        }
        ProcessRunner.Result result = client.runTimed(10, objects, 1, Producers.TEN_PROPERTIES,
                Duration.ofSeconds(300 + objects / 100));
        JsonNode figures = result.jsonLine();
        return new ObjectsRun(OfficialClient.number(figures, "objects_ms") / 1000, result.cpuSeconds() - baselineCpu,
                "PSObject (not inspected)");
    }
}
