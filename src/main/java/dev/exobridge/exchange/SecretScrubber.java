package dev.exobridge.exchange;

import dev.exobridge.Secret;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Removes the texts of known secrets from a message, in case the module or the service echoes one
 * (a token in an error, a password in a validation message). Short secrets (under 4 characters)
 * are not searched for: they would hit ordinary words.
 */
final class SecretScrubber {
    private final List<Secret> secrets = new ArrayList<>();

    void add(Secret s) {
        if (s != null) {
            secrets.add(s);
        }
    }

    /** {@code text} with every known secret replaced by {@code ***}. */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Secret s : secrets) {
            if (s.length() < 4) {
                continue;
            }
            char[] c;
            try {
                c = s.reveal();
            } catch (IllegalStateException wiped) {
                continue;
            }
            String v = new String(c);
            Arrays.fill(c, '\0');
            out = out.replace(v, "***");
        }
        return out;
    }

    /** Whether {@code text} holds a known secret. */
    boolean leaks(String text) {
        return text != null && !scrub(text).equals(text);
    }

    /**
     * {@code e} itself when neither its message nor its cause's holds a known secret; otherwise a
     * failure of the same type with the message scrubbed and no cause (the cause would carry it).
     */
    ExchangeException scrubbed(ExchangeException e) {
        String m = e.getMessage();
        if (!leaks(m) && (e.getCause() == null || !leaks(e.getCause().getMessage()))) {
            return e;
        }
        String clean = scrub(m);
        ExchangeException c;
        if (e instanceof ExchangeAuthenticationException) {
            c = new ExchangeAuthenticationException(clean, null);
        } else if (e instanceof ExchangeNotConnectedException) {
            c = new ExchangeNotConnectedException(clean, null);
        } else if (e instanceof ExchangeThrottledException t) {
            c = new ExchangeThrottledException(clean, t.retryAfter().orElse(null), null);
        } else if (e instanceof ExchangeTransientException t) {
            c = new ExchangeTransientException(clean, t.retryAfter().orElse(null), null);
        } else {
            c = new ExchangeException(clean, null);
        }
        if (e instanceof ExchangeRetryableException a && c instanceof ExchangeRetryableException b) {
            b.attempts(a.attempts());
        }
        return c;
    }
}
