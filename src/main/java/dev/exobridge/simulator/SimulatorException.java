package dev.exobridge.simulator;

/** A simulator operation failed; the message is the simulator's own sentence (what and what to do). */
public final class SimulatorException extends RuntimeException {
    /** A failure with its message and cause. */
    public SimulatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
