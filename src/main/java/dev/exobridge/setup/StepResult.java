package dev.exobridge.setup;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * How one step of a setup run ended: one line of a {@link SetupReport}.
 *
 * @param step    the step's name ({@code pwsh}, {@code execution-policy}, {@code tls},
 *                {@code winrm}, {@code repository}, {@code module})
 * @param status  ok, changed, skipped or failed
 * @param message the state, what was changed, or why skipped or failed
 * @param details the facts behind it as JSON
 */
public record StepResult(String step, StepStatus status, String message, ObjectNode details) {
    public StepResult {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        details = details == null ? JsonNodeFactory.instance.objectNode() : details;
    }

    /** {@code {"step": ..., "status": "ok", "message": ..., "details": {...}}}. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("step", step);
        o.put("status", status.label());
        o.put("message", message);
        o.set("details", details.deepCopy());
        return o;
    }
}
