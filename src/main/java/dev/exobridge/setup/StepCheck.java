package dev.exobridge.setup;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Objects;

/**
 * What checking a step found, before anything is changed: one line of a {@link SetupPlan}.
 *
 * @param status  {@link Status#OK}, {@link Status#CHANGE} (applying would change something),
 *                {@link Status#SKIPPED} or {@link Status#FAILED}
 * @param message the state found, or why skipped or failed
 * @param change  what applying would do ({@link Status#CHANGE} only), else {@code null}
 * @param details the facts behind it as JSON (versions, paths, scopes, ...)
 */
public record StepCheck(Status status, String message, String change, ObjectNode details) {
    /** What a check can find. */
    public enum Status {
        /** As wanted. */
        OK,
        /** Applying would change something. */
        CHANGE,
        /** Not applicable here. */
        SKIPPED,
        /** Cannot be checked, or is wrong in a way applying cannot fix. */
        FAILED;

        /** {@code ok}, {@code change}, {@code skipped} or {@code failed}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public StepCheck {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        details = details == null ? JsonNodeFactory.instance.objectNode() : details;
    }

    static StepCheck ok(String message, ObjectNode details) {
        return new StepCheck(Status.OK, message, null, details);
    }

    static StepCheck change(String message, String change, ObjectNode details) {
        return new StepCheck(Status.CHANGE, message, Objects.requireNonNull(change, "change"), details);
    }

    static StepCheck skipped(String why, ObjectNode details) {
        return new StepCheck(Status.SKIPPED, why, null, details);
    }

    static StepCheck failed(String why, ObjectNode details) {
        return new StepCheck(Status.FAILED, why, null, details);
    }
}
