package dev.exobridge.session;

/**
 * A call's pipeline was stopped inside pwsh while it ran, at someone's request
 * ({@link ResultStream#requestStop()}: a signal, an async call's cancel, a subscription's cancel),
 * not by its own timeout. The session is as good as before: the pipeline's {@code finally}
 * blocks ran and pwsh goes on.
 */
public class CallStoppedException extends SessionException {
    public CallStoppedException(String message) {
        super(message);
    }
}
