package dev.exobridge;

import java.util.Arrays;
import java.util.Objects;

/**
 * A secret text (a password, a certificate password, a token): PowerShell's SecureString on the
 * Java side. It never shows itself in {@link #toString()}, logs or exception messages; the text
 * is read only through {@link #reveal()}, on purpose. Passed as a parameter it travels to pwsh
 * as a SecureString encrypted with the session key; a SecureString in output arrives as one.
 * {@link #close()} wipes the characters.
 */
public final class Secret implements AutoCloseable {
    private final char[] chars;
    private volatile boolean wiped;

    private Secret(char[] chars) {
        this.chars = chars;
    }

    /** A secret holding a copy of {@code chars}; the caller may wipe its own array afterwards. */
    public static Secret of(char[] chars) {
        return new Secret(Objects.requireNonNull(chars, "chars").clone());
    }

    /** A secret holding the characters of {@code text}. Prefer {@link #of(char[])} where you can. */
    public static Secret of(String text) {
        return new Secret(Objects.requireNonNull(text, "text").toCharArray());
    }

    /**
     * A copy of the secret's characters: the caller owns it and should wipe it after use.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public char[] reveal() {
        if (wiped) {
            throw new IllegalStateException("the secret was closed and wiped");
        }
        return chars.clone();
    }

    /** The number of characters, which is not secret. */
    public int length() {
        return chars.length;
    }

    /** Overwrites the characters; the secret cannot be revealed afterwards. */
    @Override
    public void close() {
        wiped = true;
        Arrays.fill(chars, '\0');
    }

    @Override
    public String toString() {
        return "Secret[***]";
    }
}
