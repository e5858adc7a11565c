package dev.exobridge.exchange;

import java.time.Duration;

/**
 * The service refused the call because of its limits, e.g. "You have reached the maximum number of
 * concurrent requests per tenant. Please wait and try again". Worth retrying later; the CLI exits
 * with {@code 7}.
 */
public class ExchangeThrottledException extends ExchangeRetryableException {
    public ExchangeThrottledException(String message, Duration retryAfter, Throwable cause) {
        super(message, retryAfter, cause);
    }
}
