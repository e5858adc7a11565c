package dev.exobridge.exchange;

import java.time.Duration;

/**
 * A transient server fault, e.g. "A server side error has occurred because of which the operation
 * could not be completed. Please try again after some time." Worth retrying later; the CLI exits
 * with {@code 7}.
 */
public class ExchangeTransientException extends ExchangeRetryableException {
    public ExchangeTransientException(String message, Duration retryAfter, Throwable cause) {
        super(message, retryAfter, cause);
    }
}
