package dev.exobridge.session;

/** pwsh did not start, or its runspace pool did not open in time; the message says which and why. */
public class SessionStartException extends SessionException {
    public SessionStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
