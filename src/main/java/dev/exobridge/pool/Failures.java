package dev.exobridge.pool;

import dev.exobridge.session.CallStoppedException;
import dev.exobridge.session.HostPromptException;
import dev.exobridge.session.InvocationTimeoutException;
import dev.exobridge.session.PowerShellErrorException;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.SessionDeadException;
import dev.exobridge.session.SessionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What a call's failure says about its session: may it be reused, and did it crash. */
final class Failures {
    /**
     * How long to wait for the process to exit when a transport error leaves it unclear whether
     * pwsh died: a broken pipe is seen a moment before the exit is.
     */
    private static final long EXIT_WAIT_MS = 2000;

    private Failures() {
    }

    /**
     * Whether the session's state is in doubt after {@code e}, so it must be replaced rather than
     * handed out again: it died, was killed after a timeout, or its transport failed. A terminating
     * PowerShell error, a refused prompt, a timeout or a requested stop that stopped cleanly, or a bad argument leave it
     * as good (and as warm) as before.
     */
    static boolean sessionInDoubt(RuntimeException e) {
        if (e instanceof InvocationTimeoutException t) {
            return t.sessionKilled();
        }
        if (e instanceof PowerShellErrorException || e instanceof HostPromptException
                || e instanceof CallStoppedException) {
            return false;
        }
        return e instanceof SessionException;
    }

    /**
     * Whether {@code e} means the session broke under the call: it crashed, or it hung (the call's
     * timeout ran out and pwsh did not answer Stop within the grace, so it was killed: a frozen
     * process, or a blocking call Stop cannot end). The only failures after which an idempotent
     * call is retried; never a PowerShell error, nor a timeout whose Stop worked (the script was
     * merely slow, and the session stays warm).
     */
    static boolean crashed(RuntimeException e, PwshSession session) {
        if (e instanceof SessionDeadException) {
            return true;
        }
        if (e instanceof InvocationTimeoutException t) {
            return t.sessionKilled();
        }
        if (e.getClass() != SessionException.class) {
            return false;
        }
        // A transport error (e.g. a broken pipe while sending): a crash if pwsh is exiting. The wait
        // ends at once when it has exited; it lasts only when pwsh lives on, which is rare.
        try {
            session.processHandle().onExit().get(EXIT_WAIT_MS, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException ex) {
            return false;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The failure to report for a crash: the session's own death record when it has one. */
    static RuntimeException reported(RuntimeException e, PwshSession session) {
        if (e instanceof InvocationTimeoutException) {
            return e; // a hang is reported as the timeout it is, though its session was killed
        }
        SessionDeadException death = session.deathCause();
        return e instanceof SessionDeadException || death == null ? e : death;
    }
}
