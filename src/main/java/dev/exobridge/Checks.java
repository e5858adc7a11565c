package dev.exobridge;

import java.time.Duration;

/** The checks the library's option builders share, so that each is written once. */
public final class Checks {
    private Checks() {
    }

    /**
     * {@code d} when it is positive.
     *
     * @throws IllegalArgumentException naming {@code what} when {@code d} is null, zero or negative
     */
    public static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        return d;
    }
}
