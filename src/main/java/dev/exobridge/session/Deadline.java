package dev.exobridge.session;

import java.time.Duration;

/**
 * A call's timeout and the {@link System#nanoTime()} it runs out at ({@link Long#MAX_VALUE} for
 * none).
 */
record Deadline(Duration timeout, long atNanos) {
    static Deadline after(Duration timeout) {
        return new Deadline(timeout, timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos());
    }

    boolean isNone() {
        return atNanos == Long.MAX_VALUE;
    }

    /** Nanoseconds left, at least 0. */
    long leftNanos() {
        return Math.max(0, atNanos - System.nanoTime());
    }
}
