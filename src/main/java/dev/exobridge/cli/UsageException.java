package dev.exobridge.cli;

/**
 * A command-line value that parsed but makes no sense (for example {@code --param} without
 * {@code =}); exits with {@link ExitCode#USAGE}. The message says what was wrong and what to type.
 */
public class UsageException extends RuntimeException {
    /** A usage error; {@code message} says what was wrong and what to type instead. */
    public UsageException(String message) {
        super(message);
    }

    /** A usage error found by a parser that failed with {@code cause}. */
    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
