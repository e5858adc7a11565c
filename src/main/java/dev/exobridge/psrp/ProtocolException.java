package dev.exobridge.psrp;

/**
 * The peer sent something that breaks the PowerShell Remoting Protocol (a malformed packet,
 * fragment, message or CLIXML document). The message says what was wrong and where.
 */
public class ProtocolException extends RuntimeException {
    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
