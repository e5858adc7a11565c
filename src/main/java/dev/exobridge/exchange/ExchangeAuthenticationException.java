package dev.exobridge.exchange;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signing in to Exchange Online failed: a wrong certificate password, a certificate that cannot be
 * read, an unknown app or tenant, a rejected or expired token, credential or device code. Retrying
 * the same sign-in will not help. {@link #aadstsCode()} gives Entra's error code when the message
 * has one ({@code AADSTS700016} and the like).
 */
public class ExchangeAuthenticationException extends ExchangeException {
    private static final Pattern AADSTS = Pattern.compile("\\bAADSTS(\\d{4,6})\\b");

    private final String aadstsCode;

    public ExchangeAuthenticationException(String message, Throwable cause) {
        super(message, cause);
        this.aadstsCode = codeIn(message);
    }

    /** Entra's error code, such as {@code AADSTS700016}, when the failure names one. */
    public Optional<String> aadstsCode() {
        return Optional.ofNullable(aadstsCode);
    }

    static String codeIn(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = AADSTS.matcher(message);
        return m.find() ? "AADSTS" + m.group(1) : null;
    }
}
