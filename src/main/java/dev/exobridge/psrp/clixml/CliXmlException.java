package dev.exobridge.psrp.clixml;

import dev.exobridge.psrp.ProtocolException;

/** Malformed or unsupported CLIXML; the message names the element and what was wrong. */
public class CliXmlException extends ProtocolException {
    public CliXmlException(String message) {
        super(message);
    }

    public CliXmlException(String message, Throwable cause) {
        super(message, cause);
    }
}
