package dev.exobridge.setup;

/**
 * A prerequisite could not be checked or brought about. The message names what was wrong (the
 * module, version, repository, folder or archive) and what to do; the previous state is intact.
 */
public class SetupException extends RuntimeException {
    public SetupException(String message) {
        super(message);
    }

    public SetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
