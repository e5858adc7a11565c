package dev.exobridge.exchange;

/**
 * A cmdlet ran without a connection: the module said "You must call Connect-ExchangeOnline before
 * calling any other cmdlet.", or a classic cmdlet such as Get-Mailbox, which exists only after a
 * connection, was not found.
 */
public class ExchangeNotConnectedException extends ExchangeException {
    public ExchangeNotConnectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
