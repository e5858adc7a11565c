package dev.exobridge.testsupport;

import java.util.Locale;

/**
 * The counts of the reliability suites (docs/reliability.md): each has a CI default that the
 * system property {@code exobridge.<name>} or, when it is unset, the environment variable
 * {@code EXOBRIDGE_<NAME>} (dots become underscores) replaces; {@code scripts/reliability.sh}
 * sets them for the long forms. For example {@code chaos.calls} and {@code EXOBRIDGE_CHAOS_CALLS}.
 */
public final class Counts {
    private Counts() {
    }

    /** The count {@code name}, {@code ciDefault} unless the property or variable sets it (at least 1). */
    public static int of(String name, int ciDefault) {
        String v = System.getProperty("exobridge." + name);
        if (v == null || v.isBlank()) {
            v = System.getenv("EXOBRIDGE_" + name.replace('.', '_').toUpperCase(Locale.ROOT));
        }
        return v == null || v.isBlank() ? ciDefault : Math.max(1, Integer.parseInt(v.strip()));
    }
}
