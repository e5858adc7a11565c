package dev.exobridge.pwsh;

import java.util.List;

/**
 * No usable PowerShell: none found, too old, not answering, or a broken setting. The message
 * says what was wrong and where; {@link #placesLooked()} lists every place discovery looked at,
 * in order, each with why it was rejected (empty where no search took place).
 */
public class PwshPrerequisiteException extends RuntimeException {
    private final List<String> placesLooked;

    public PwshPrerequisiteException(String message, List<String> placesLooked, Throwable cause) {
        super(message, cause);
        this.placesLooked = List.copyOf(placesLooked);
    }

    public PwshPrerequisiteException(String message) {
        this(message, List.of(), null);
    }

    /** Every place looked at, in order, as {@code "<where>: <why rejected>"}. */
    public List<String> placesLooked() {
        return placesLooked;
    }

    static String bulleted(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            sb.append(System.lineSeparator()).append("  - ").append(line);
        }
        return sb.toString();
    }
}
