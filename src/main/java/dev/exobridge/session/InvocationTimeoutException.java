package dev.exobridge.session;

import java.time.Duration;

/**
 * The call ran longer than its timeout. exo-bridge sent Stop; {@link #sessionKilled()} tells
 * whether the pipeline stopped within the grace period (the session stays usable) or the
 * process had to be killed. Carries what the call produced before.
 */
public class InvocationTimeoutException extends SessionException {
    private final Duration timeout;
    private final boolean sessionKilled;
    private final transient InvocationResult partialResult;

    public InvocationTimeoutException(Duration timeout, boolean sessionKilled, InvocationResult partialResult) {
        super("the call did not finish within its timeout of " + timeout + "; "
                + (sessionKilled ? "it did not stop either, so the pwsh process was killed"
                : "it was stopped and the session remains usable")
                + " (" + partialResult.output().size() + " objects arrived before)");
        this.timeout = timeout;
        this.sessionKilled = sessionKilled;
        this.partialResult = partialResult;
    }

    /** The timeout that ran out. */
    public Duration timeout() {
        return timeout;
    }

    /** Whether Stop did not finish in time and the session was killed. */
    public boolean sessionKilled() {
        return sessionKilled;
    }

    /** What arrived before the timeout. */
    public InvocationResult partialResult() {
        return partialResult;
    }
}
