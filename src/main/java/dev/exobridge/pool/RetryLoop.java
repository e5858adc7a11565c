package dev.exobridge.pool;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One retry loop for one call: runs an attempt; when the attempt says its failure is worth
 * another try (it throws {@link #retry(RuntimeException)}), runs it again after the
 * {@link Backoff}'s wait, at most {@code maxRetries} times; any other failure, or a retryable one
 * with no retries left, ends the loop with the failure itself. The pool runs {@code invoke} and
 * its streams through it (a crashed session's idempotent call goes again on another session);
 * code above the pool can run its own reconnect-and-retry through it the same way:
 *
 * <pre>{@code
 * RetryLoop loop = new RetryLoop(3, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)))
 *         .onRetry((retry, cause, wait) -> log.info("retry {} in {}: {}", retry, wait, cause.getMessage()));
 * InvocationResult r = loop.run(attempt -> {
 *     try {
 *         return pool.invoke(call);
 *     } catch (SessionException e) {
 *         if (!tokenExpired(e)) {
 *             throw e;                       // not worth another try: ends the loop as it is
 *         }
 *         reconnect();
 *         throw RetryLoop.retry(e);          // worth another try
 *     }
 * });
 * }</pre>
 *
 * <p>One instance per call, not thread-safe: it counts that call's retries. {@link #again} lets
 * a loop driven elsewhere (a stream that fails while being read) spend the same budget.
 */
public final class RetryLoop {
    /** One try; {@code number} is 0 for the first, 1 for the first retry, and so on. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run(int number);
    }

    /** Told before each retry (for logs and counters). */
    @FunctionalInterface
    public interface Listener {
        void retrying(int retry, RuntimeException cause, Duration wait);
    }

    /** Thrown by an attempt to ask for another try; carries the failure to report if none is left. */
    public static final class Retry extends RuntimeException {
        private Retry(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        /** The attempt's own failure. */
        public RuntimeException failure() {
            return (RuntimeException) getCause();
        }
    }

    private final int maxRetries;
    private final Backoff backoff;
    private Listener listener = (retry, cause, wait) -> { };
    private int retries;

    /**
     * @param maxRetries how many times a retryable failure runs the attempt again (0: never)
     * @param backoff    the wait between attempts ({@link Backoff#none()} for none)
     */
    public RetryLoop(int maxRetries, Backoff backoff) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be 0 or more, got " + maxRetries);
        }
        this.maxRetries = maxRetries;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /** Asks another try for {@code failure}: what an attempt throws to be run again. */
    public static Retry retry(RuntimeException failure) {
        return new Retry(Objects.requireNonNull(failure, "failure"));
    }

    /** Who is told before each retry; returns this loop. */
    public RetryLoop onRetry(Listener l) {
        this.listener = Objects.requireNonNull(l, "listener");
        return this;
    }

    /**
     * Runs the attempt until it returns, fails for good, or no retry is left.
     *
     * @throws RuntimeException the last attempt's failure (a {@link Retry}'s own failure, unwrapped)
     */
    public <T> T run(Attempt<T> attempt) {
        while (true) {
            try {
                T result = attempt.run(retries);
                backoff.succeeded();
                return result;
            } catch (Retry r) {
                if (!again(r.failure())) {
                    throw r.failure();
                }
            }
        }
    }

    /**
     * Spends one retry on {@code failure} if one is left: tells the listener, waits the back-off,
     * and returns true; false when none is left.
     *
     * @throws IllegalStateException when interrupted while waiting (the interrupt is kept)
     */
    public boolean again(RuntimeException failure) {
        if (retries >= maxRetries) {
            return false;
        }
        retries++;
        Duration wait = backoff.failed(System.nanoTime());
        listener.retrying(retries, failure, wait);
        if (!wait.isZero()) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait.toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting to retry", e);
            }
        }
        return true;
    }

    /** Retries spent so far. */
    public int retries() {
        return retries;
    }
}
