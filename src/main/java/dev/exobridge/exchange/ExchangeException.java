package dev.exobridge.exchange;

/**
 * A failure of the Exchange Online layer. Its subclasses say what kind: a sign-in that failed
 * ({@link ExchangeAuthenticationException}), a call without a connection
 * ({@link ExchangeNotConnectedException}), a fault worth retrying later
 * ({@link ExchangeRetryableException}), a module that cannot be used
 * ({@link ExchangeModuleException}). Messages never hold a secret.
 */
public class ExchangeException extends RuntimeException {
    public ExchangeException(String message, Throwable cause) {
        super(message, cause);
    }
}
