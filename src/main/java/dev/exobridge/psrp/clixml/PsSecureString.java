package dev.exobridge.psrp.clixml;

import dev.exobridge.Secret;
import java.util.Objects;

/**
 * A {@code System.Security.SecureString}: decrypted with the session key into a {@link Secret},
 * or encrypted from one when written.
 *
 * @param secret the text, opened only on purpose
 */
public record PsSecureString(Secret secret) implements PsValue {
    public PsSecureString {
        Objects.requireNonNull(secret, "secret");
    }

    /** The .NET type name. */
    public static final String TYPE_NAME = "System.Security.SecureString";

    @Override
    public String toString() {
        return "SS:***";
    }
}
