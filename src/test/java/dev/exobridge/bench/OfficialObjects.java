package dev.exobridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * The official client with the same producer text: its figure is the time of its
 * {@code Invoke()} of the producer on a warm session (its script warms it with 1,000 objects),
 * ending with every object deserialised into PowerShell objects (not JSON: that is its
 * native end point).
 */
final class OfficialObjects implements ObjectsContender {
    private final OfficialClient client;

    OfficialObjects(OfficialClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return "official client (.NET)";
    }

    @Override
    public ObjectsRun run(int objects) {
        JsonNode figures = client.run(10, objects, 1, Producers.TEN_PROPERTIES,
                Duration.ofSeconds(300 + objects / 100));
        return new ObjectsRun(OfficialClient.number(figures, "objects_ms") / 1000, "PSObject (not inspected)");
    }
}
