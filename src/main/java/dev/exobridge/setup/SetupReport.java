package dev.exobridge.setup;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link Setup#apply()}: one {@link StepResult} per step, in order. Renders as
 * JSON ({@link #toJson()}) and as a summary ({@link #toString()}); the CLI renders the table.
 */
public final class SetupReport {
    private final List<StepResult> steps;

    /** A report of these results, in order. */
    public SetupReport(List<StepResult> steps) {
        this.steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
    }

    /** The results, in the order the steps ran. */
    public List<StepResult> steps() {
        return steps;
    }

    /** The result of the named step, or {@code null}. */
    public StepResult step(String name) {
        return steps.stream().filter(s -> s.step().equals(name)).findFirst().orElse(null);
    }

    /** Whether no step failed. */
    public boolean succeeded() {
        return count(StepStatus.FAILED) == 0;
    }

    /** Whether some step changed something. */
    public boolean changedAnything() {
        return count(StepStatus.CHANGED) > 0;
    }

    /** How many steps ended with {@code status}. */
    public int count(StepStatus status) {
        return (int) steps.stream().filter(s -> s.status() == status).count();
    }

    /**
     * {@code {"succeeded": true, "changed": false, "counts": {"ok": 4, "changed": 0, "skipped": 2,
     * "failed": 0}, "steps": [{"step": ..., "status": ..., "message": ..., "details": {...}}]}}.
     */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("succeeded", succeeded());
        o.put("changed", changedAnything());
        ObjectNode counts = o.putObject("counts");
        for (StepStatus s : StepStatus.values()) {
            counts.put(s.label(), count(s));
        }
        ArrayNode list = o.putArray("steps");
        steps.forEach(s -> list.add(s.toJson()));
        return o;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(count(StepStatus.OK) + " ok, " + count(StepStatus.CHANGED) + " changed, "
                + count(StepStatus.SKIPPED) + " skipped, " + count(StepStatus.FAILED) + " failed");
        for (StepResult s : steps) {
            sb.append("\n").append(s.step()).append(": ").append(s.status().label()).append(": ").append(s.message());
        }
        return sb.toString();
    }
}
