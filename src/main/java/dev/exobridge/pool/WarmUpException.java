package dev.exobridge.pool;

import dev.exobridge.session.SessionException;

/**
 * A new session failed its warm-up, so it was closed and never handed out. Names the step that
 * failed (its number and name), the pwsh process it ran in, and why; the cause is the call's own
 * failure when there was one. The pool tries a new session after its back-off.
 */
public class WarmUpException extends SessionException {
    private final String step;
    private final int stepNumber;

    /**
     * @param step       the failed step's name
     * @param stepNumber its number, counted from 1
     * @param steps      how many steps the warm-up has
     * @param session    the session it ran in, for the message
     * @param why        what went wrong
     * @param cause      the call's failure, or {@code null}
     */
    public WarmUpException(String step, int stepNumber, int steps, String session, String why, Throwable cause) {
        super("warm-up step " + stepNumber + " of " + steps + " ('" + step + "') failed in " + session + ": " + why
                + "; the session was closed and not handed out", cause);
        this.step = step;
        this.stepNumber = stepNumber;
    }

    /** The name of the step that failed. */
    public String step() {
        return step;
    }

    /** The number of the step that failed, counted from 1. */
    public int stepNumber() {
        return stepNumber;
    }
}
