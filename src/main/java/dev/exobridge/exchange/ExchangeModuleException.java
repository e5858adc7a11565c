package dev.exobridge.exchange;

/**
 * The ExchangeOnlineManagement module cannot be used in this session: it is not installed, its
 * version needs a newer pwsh than the one it runs in, or it is exo-bridge's simulator and the
 * simulator was not asked for. A missing prerequisite: the CLI exits with {@code 3}.
 */
public class ExchangeModuleException extends ExchangeException {
    public ExchangeModuleException(String message, Throwable cause) {
        super(message, cause);
    }
}
