package dev.exobridge.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exobridge.json.RecordJson;
import java.util.Locale;
import java.util.Objects;

/**
 * One warning, verbose, debug, information (Write-Host included) or progress record, in the
 * order pwsh wrote it.
 *
 * @param kind    the stream
 * @param message the text PowerShell shows for it (for progress: "activity: status")
 * @param details the whole record as JSON (for progress: Activity, StatusDescription,
 *                PercentComplete, SecondsRemaining, CurrentOperation, ActivityId, ...)
 */
public record StreamRecord(StreamKind kind, String message, JsonNode details) {
    public StreamRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(details, "details");
    }

    /**
     * The record as {@link RecordJson}: {@code {"stream": "warning", "message": "text"}}, the
     * shape a record merged into the output maps to as well.
     */
    public ObjectNode toJson() {
        return RecordJson.of(kind.name().toLowerCase(Locale.ROOT), message);
    }

    @Override
    public String toString() {
        return kind + ": " + message;
    }
}
