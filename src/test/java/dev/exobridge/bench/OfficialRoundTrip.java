package dev.exobridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * The official client's warm round trip: one script run per round (its own 200 warm-up calls,
 * then the round's calls). It prints only its median and p99, so its rounds are combined from
 * those rather than pooled.
 */
final class OfficialRoundTrip implements RoundTripContender {
    private final OfficialClient client;

    OfficialRoundTrip(OfficialClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return "official client (.NET)";
    }

    @Override
    public RoundFigures round(int calls) {
        // -Objects 10 and -Sessions 1: the script always runs those parts; keep them cheap.
        JsonNode figures = client.run(calls, 10, 1, null, Duration.ofSeconds(120 + calls / 10));
        return RoundFigures.ofSummary(OfficialClient.number(figures, "roundtrip_ms_median"),
                OfficialClient.number(figures, "roundtrip_ms_p99"));
    }
}
