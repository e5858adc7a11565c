package dev.exobridge.session;

/** Base of the failures a session reports; the message says what happened and what to do. */
public class SessionException extends RuntimeException {
    public SessionException(String message) {
        super(message);
    }

    public SessionException(String message, Throwable cause) {
        super(message, cause);
    }
}
