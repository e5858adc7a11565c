package dev.exobridge.pool;

import dev.exobridge.session.SessionException;
import java.time.Duration;

/**
 * No session became free within the borrow timeout. Says how long the borrower waited, how many
 * sessions were busy out of how many, how many were starting and how many other borrowers waited;
 * when starting a session failed lately, that failure (for example a {@link WarmUpException}) is
 * the cause and is named in the message.
 */
public class BorrowTimeoutException extends SessionException {
    private final Duration waited;
    private final int busy;
    private final int alive;

    BorrowTimeoutException(String pool, Duration waited, int busy, int alive, int maxSessions, int starting,
                           int otherWaiters, Throwable lastStartFailure) {
        super(message(pool, waited, busy, alive, maxSessions, starting, otherWaiters, lastStartFailure),
                lastStartFailure);
        this.waited = waited;
        this.busy = busy;
        this.alive = alive;
    }

    private static String message(String pool, Duration waited, int busy, int alive, int max, int starting,
                                  int otherWaiters, Throwable failure) {
        StringBuilder m = new StringBuilder("no session of ").append(pool).append(" became free after waiting ")
                .append(Durations.text(waited)).append(": ").append(busy).append(" of ").append(alive)
                .append(" sessions busy (maximum ").append(max).append("), ").append(starting)
                .append(" starting, ").append(otherWaiters).append(" other borrowers waiting");
        if (failure != null) {
            m.append("; the last session start failed: ").append(failure.getMessage());
        } else {
            m.append("; raise maxSessions or borrowTimeout, or look for calls or leases that hold sessions long");
        }
        return m.toString();
    }

    /** How long the borrower waited. */
    public Duration waited() {
        return waited;
    }

    /** Sessions that were busy when the wait ended. */
    public int busy() {
        return busy;
    }

    /** Sessions that were open when the wait ended. */
    public int alive() {
        return alive;
    }
}
