package dev.exobridge.exchange;

/**
 * An auth mode or option that cannot work, found in Java before pwsh is touched: an organization
 * that is not {@code name.onmicrosoft.com}, an AppId that is not a GUID, a certificate thumbprint
 * off Windows, a missing part. The CLI exits with {@code 2} (usage).
 */
public class InvalidAuthException extends IllegalArgumentException {
    public InvalidAuthException(String message) {
        super(message);
    }
}
