package dev.exobridge.pool;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

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
 * <p>Beyond the count of retries, a loop may have a budget of total time ({@link #within}: a
 * retry whose wait would end later than that after the first attempt is not made), and an
 * attempt may name the wait before its own retry ({@link #retry(RuntimeException, Duration)}, a
 * delay the service asked for such as a Retry-After): that wait replaces the back-off's for that
 * one retry, and the back-off still counts the failure. The Exchange layer retries throttled and
 * transient calls this way, with {@link Backoff#fullJitter}.
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

    /** Waits before a retry; {@link #sleep} waits on the calling thread. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration wait) throws InterruptedException;
    }

    /** Thrown by an attempt to ask for another try; carries the failure to report if none is left. */
    public static final class Retry extends RuntimeException {
        private final Duration wait;

        private Retry(RuntimeException cause, Duration wait) {
            super(cause.getMessage(), cause, false, false);
            this.wait = wait;
        }

        /** The wait the attempt named for its retry, or {@code null} for the back-off's. */
        public Duration namedWait() {
            return wait;
        }

        /** The attempt's own failure. */
        public RuntimeException failure() {
            return (RuntimeException) getCause();
        }
    }

    private final int maxRetries;
    private final Backoff backoff;
    private Listener listener = (retry, cause, wait) -> { };
    private long budgetNanos = Long.MAX_VALUE;
    private LongSupplier clock = System::nanoTime;
    private Sleeper sleeper = RetryLoop::sleep;
    private boolean started;
    private long startNanos;
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
        return new Retry(Objects.requireNonNull(failure, "failure"), null);
    }

    /**
     * Asks another try for {@code failure} after {@code wait} instead of the back-off's wait
     * ({@code null}: the back-off's), e.g. the delay a throttled service named.
     */
    public static Retry retry(RuntimeException failure, Duration wait) {
        if (wait != null && wait.isNegative()) {
            throw new IllegalArgumentException("a retry's wait must not be negative, got " + wait);
        }
        return new Retry(Objects.requireNonNull(failure, "failure"), wait);
    }

    /**
     * A budget of total time: a retry whose wait would end more than {@code budget} after the
     * first attempt began is not made (default: none). Returns this loop.
     */
    public RetryLoop within(Duration budget) {
        if (Objects.requireNonNull(budget, "budget").isNegative()) {
            throw new IllegalArgumentException("the retry budget must not be negative, got " + budget);
        }
        this.budgetNanos = nanos(budget);
        return this;
    }

    /** The clock the time budget and the back-off read ({@link System#nanoTime()} by default; tests inject one). */
    public RetryLoop clock(LongSupplier nanoTime) {
        this.clock = Objects.requireNonNull(nanoTime, "clock");
        return this;
    }

    /** What waits before a retry (a sleep on the calling thread by default; tests inject one). */
    public RetryLoop sleeper(Sleeper s) {
        this.sleeper = Objects.requireNonNull(s, "sleeper");
        return this;
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
        start();
        while (true) {
            try {
                T result = attempt.run(retries);
                backoff.succeeded();
                return result;
            } catch (Retry r) {
                if (!again(r.failure(), r.namedWait())) {
                    throw r.failure();
                }
            }
        }
    }

    /** As {@link #again(RuntimeException, Duration)} with the back-off's wait. */
    public boolean again(RuntimeException failure) {
        return again(failure, null);
    }

    /**
     * Spends one retry on {@code failure} if one is left and its wait ends within the time
     * budget: tells the listener, waits ({@code namedWait}, or the back-off's when {@code null}),
     * and returns true; false when no retry is left.
     *
     * @throws IllegalStateException when interrupted while waiting (the interrupt is kept)
     */
    public boolean again(RuntimeException failure, Duration namedWait) {
        start();
        if (retries >= maxRetries) {
            return false;
        }
        long now = clock.getAsLong();
        Duration wait = backoff.failed(now);
        if (namedWait != null) {
            wait = namedWait;
        }
        long waitNanos = nanos(wait);
        if (waitNanos > budgetNanos || now - startNanos > budgetNanos - waitNanos) {
            return false; // the wait would end after the budget
        }
        retries++;
        listener.retrying(retries, failure, wait);
        if (!wait.isZero()) {
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting to retry", e);
            }
        }
        return true;
    }

    private void start() {
        if (!started) {
            started = true;
            startNanos = clock.getAsLong();
        }
    }

    /** {@code d} in nanoseconds, at most {@link Long#MAX_VALUE} (about 292 years) rather than an overflow. */
    private static long nanos(Duration d) {
        return d.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : d.toNanos();
    }

    private static void sleep(Duration wait) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(wait.toNanos());
    }

    /** Retries spent so far. */
    public int retries() {
        return retries;
    }
}
