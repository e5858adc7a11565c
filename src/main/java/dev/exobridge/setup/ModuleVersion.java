package dev.exobridge.setup;

import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * Compares module versions as the PowerShell Gallery writes them: 2 to 4 numbers, then an
 * optional pre-release label ({@code 3.5.0}, {@code 3.5.0-Preview1}, {@code 1.0.0.0}). Missing
 * numbers count as 0; a pre-release sorts before its release; labels compare case-insensitively.
 */
final class ModuleVersion {
    private static final Pattern SYNTAX = Pattern.compile("\\d+(\\.\\d+){1,3}(-[0-9A-Za-z.-]+)?");

    /** Orders version texts, oldest first. */
    static final Comparator<String> ORDER = ModuleVersion::compare;

    private ModuleVersion() {
    }

    /** Whether {@code text} is a module version. */
    static boolean isValid(String text) {
        return text != null && SYNTAX.matcher(text.trim()).matches();
    }

    /**
     * Checks a version typed by a user.
     *
     * @throws IllegalArgumentException naming the text when it is not a version
     */
    static String require(String text, String what) {
        if (!isValid(text)) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a module version (like 3.5.0 or 3.5.0-preview1)");
        }
        return text.trim();
    }

    static int compare(String a, String b) {
        String[] x = a.trim().split("-", 2);
        String[] y = b.trim().split("-", 2);
        String[] xn = x[0].split("\\.");
        String[] yn = y[0].split("\\.");
        for (int i = 0; i < 4; i++) {
            long xv = i < xn.length ? Long.parseLong(xn[i]) : 0;
            long yv = i < yn.length ? Long.parseLong(yn[i]) : 0;
            if (xv != yv) {
                return Long.compare(xv, yv);
            }
        }
        boolean xPre = x.length > 1;
        boolean yPre = y.length > 1;
        if (xPre != yPre) {
            return xPre ? -1 : 1;
        }
        return xPre ? x[1].compareToIgnoreCase(y[1]) : 0;
    }
}
