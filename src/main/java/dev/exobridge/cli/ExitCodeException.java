package dev.exobridge.cli;

import java.util.Objects;

/**
 * A failure whose exit code a command decides itself (for example {@code doctor} with a required
 * check not ok: {@link ExitCode#PREREQUISITE_MISSING}). The message is printed on stderr unless
 * it is empty, for failures already reported.
 */
public class ExitCodeException extends RuntimeException {
    private final ExitCode exitCode;

    /** A failure exiting with {@code exitCode}; {@code message} says what was wrong and what to do. */
    public ExitCodeException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
    }

    /** The code the process exits with. */
    public ExitCode exitCode() {
        return exitCode;
    }
}
