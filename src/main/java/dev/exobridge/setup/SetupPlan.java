package dev.exobridge.setup;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Setup#plan()} found, changing nothing: each step's state and what applying would
 * do. What {@code exo-bridge doctor} prints. Renders as JSON ({@link #toJson()}) and as a
 * summary ({@link #toString()}); the CLI renders the table.
 */
public final class SetupPlan {
    /**
     * One step's check.
     *
     * @param step  the step's name
     * @param check what checking it found
     */
    public record PlannedStep(String step, StepCheck check) {
        public PlannedStep {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(check, "check");
        }

        /** {@code {"step": ..., "status": "ok|change|skipped|failed", "message": ..., "change": ... or null, "details": {...}}}. */
        public ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("step", step);
            o.put("status", check.status().label());
            o.put("message", check.message());
            o.put("change", check.change());
            o.set("details", check.details().deepCopy());
            return o;
        }
    }

    private final List<PlannedStep> steps;

    /** A plan of these checks, in order. */
    public SetupPlan(List<PlannedStep> steps) {
        this.steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
    }

    /** The checks, in step order. */
    public List<PlannedStep> steps() {
        return steps;
    }

    /** The check of the named step, or {@code null}. */
    public StepCheck step(String name) {
        return steps.stream().filter(s -> s.step().equals(name)).map(PlannedStep::check).findFirst().orElse(null);
    }

    /** Whether everything is as wanted: no step would change and none failed. */
    public boolean isSatisfied() {
        return count(StepCheck.Status.CHANGE) == 0 && count(StepCheck.Status.FAILED) == 0;
    }

    /** How many steps have {@code status}. */
    public int count(StepCheck.Status status) {
        return (int) steps.stream().filter(s -> s.check().status() == status).count();
    }

    /** {@code {"satisfied": false, "counts": {"ok": .., "change": .., "skipped": .., "failed": ..}, "steps": [...]}}. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("satisfied", isSatisfied());
        ObjectNode counts = o.putObject("counts");
        for (StepCheck.Status s : StepCheck.Status.values()) {
            counts.put(s.label(), count(s));
        }
        ArrayNode list = o.putArray("steps");
        steps.forEach(s -> list.add(s.toJson()));
        return o;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(count(StepCheck.Status.OK) + " ok, " + count(StepCheck.Status.CHANGE)
                + " to change, " + count(StepCheck.Status.SKIPPED) + " skipped, " + count(StepCheck.Status.FAILED) + " failed");
        for (PlannedStep s : steps) {
            sb.append("\n").append(s.step()).append(": ").append(s.check().status().label()).append(": ")
                    .append(s.check().message()).append(s.check().change() == null ? "" : " -> " + s.check().change());
        }
        return sb.toString();
    }
}
