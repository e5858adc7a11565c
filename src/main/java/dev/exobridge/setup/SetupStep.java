package dev.exobridge.setup;

/**
 * One prerequisite: {@link #check} reads the state and says whether applying would change
 * anything; {@link #apply} brings it about. A step whose check says {@code ok} is never applied,
 * which is what makes a second run change nothing.
 */
interface SetupStep {
    /** The step's name in plans and reports. */
    String name();

    /** Reads the state; changes nothing. May throw {@link SetupException} (reported as failed). */
    StepCheck check(SetupContext ctx);

    /**
     * Brings the state about after {@code check} said {@link StepCheck.Status#CHANGE}.
     *
     * @return what was done, one sentence
     * @throws SetupException naming what was wrong
     */
    String apply(SetupContext ctx, StepCheck check);
}
