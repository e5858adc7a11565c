package dev.exobridge.exchange;

import java.time.Duration;
import java.util.Optional;

/**
 * A fault that may go away when the same call is made again later: throttling
 * ({@link ExchangeThrottledException}) or a transient server error
 * ({@link ExchangeTransientException}). Idempotent calls are retried with back-off before this
 * reaches the caller; {@link #attempts()} says how many were made.
 */
public abstract class ExchangeRetryableException extends ExchangeException {
    private final Duration retryAfter;
    private volatile int attempts = 1;

    protected ExchangeRetryableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** The wait the service asked for, when its message names one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** How many times the call was made before it failed for good. */
    public int attempts() {
        return attempts;
    }

    void attempts(int n) {
        this.attempts = n;
    }
}
