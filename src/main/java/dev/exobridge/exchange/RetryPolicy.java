package dev.exobridge.exchange;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a throttled or transient idempotent call again: exponential back-off with full
 * jitter (a random wait from 0 to {@code min(max, initial * 2^(n-1))} before the n-th retry), a
 * delay the service names when it is longer, and a budget of attempts and of total time (a
 * retry that would end after the budget is not made). One object per call.
 */
final class RetryPolicy {
    private final int maxAttempts;
    private final long budgetNanos;
    private final long initialNanos;
    private final long maxNanos;
    private final long startNanos = System.nanoTime();
    private int attempts = 1;

    RetryPolicy(ExchangeOptions o) {
        this.maxAttempts = o.maxAttempts();
        this.budgetNanos = o.retryBudget().toNanos();
        this.initialNanos = o.backoffInitial().toNanos();
        this.maxNanos = o.backoffMax().toNanos();
    }

    /** Attempts made so far, the first included. */
    int attempts() {
        return attempts;
    }

    /**
     * The wait before the next attempt after {@code failure}, or {@code null} when the budget is spent.
     */
    Duration next(ExchangeRetryableException failure) {
        if (attempts >= maxAttempts) {
            return null;
        }
        long bound = initialNanos;
        for (int i = 1; i < attempts && bound < maxNanos; i++) {
            bound *= 2;
        }
        bound = Math.min(bound, maxNanos);
        long wait = ThreadLocalRandom.current().nextLong(bound + 1);
        if (failure.retryAfter().isPresent()) {
            wait = Math.max(wait, failure.retryAfter().get().toNanos());
        }
        if (System.nanoTime() - startNanos + wait > budgetNanos) {
            return null;
        }
        attempts++;
        return Duration.ofNanos(wait);
    }
}
