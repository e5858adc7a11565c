package dev.exobridge.pwsh;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PowerShell version as {@code $PSVersionTable.PSVersion.ToString()} prints it:
 * {@code major.minor.patch} with an optional pre-release label ({@code 7.4.0-preview.3}).
 *
 * <p>Ordering follows Semantic Versioning: numbers first, then a pre-release sorts before the
 * release of the same numbers ({@code 7.4.0-rc.1 < 7.4.0}), and labels compare identifier by
 * identifier, numeric ones numerically ({@code preview.9 < preview.10 < rc.1}).
 *
 * @param major      major number, {@code >= 0}
 * @param minor      minor number, {@code >= 0}
 * @param patch      patch number, {@code >= 0}
 * @param preRelease the pre-release label without its dash ({@code "preview.3"}), or
 *                   {@code null} for a release
 */
public record PwshVersion(int major, int minor, int patch, String preRelease)
        implements Comparable<PwshVersion> {

    // 2 to 4 numeric parts: Windows PowerShell 5.1 prints four ("5.1.22621.4249"), and we must
    // still be able to name it in a "too old" message rather than fail to parse it.
    private static final Pattern SYNTAX = Pattern.compile(
            "[vV]?(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:\\.\\d+)?"
                    + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z.-]*)?");

    public PwshVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException(
                    "version numbers must not be negative: " + major + "." + minor + "." + patch);
        }
        if (preRelease != null && preRelease.isBlank()) {
            throw new IllegalArgumentException("a pre-release label must not be blank");
        }
    }

    /** A release version (no pre-release label). */
    public static PwshVersion of(int major, int minor, int patch) {
        return new PwshVersion(major, minor, patch, null);
    }

    /**
     * Parses {@code "7.6.9"}, {@code "7.4.0-preview.3"}, also {@code "7.2"} (patch 0), a leading
     * {@code v}, build metadata after {@code +} (dropped) and a fourth revision number (dropped,
     * as Windows PowerShell prints one). Surrounding white space is ignored.
     *
     * @throws IllegalArgumentException naming the text when it is not a version
     */
    public static PwshVersion parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = SYNTAX.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a PowerShell version: '" + text + "'");
        }
        try {
            return new PwshVersion(
                    Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(2)),
                    m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
                    m.group(4));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a PowerShell version (number too large): '" + text + "'", e);
        }
    }

    /** The pre-release label, empty for a release. */
    public Optional<String> preReleaseLabel() {
        return Optional.ofNullable(preRelease);
    }

    /** Whether this is a pre-release (preview, rc, daily). */
    public boolean isPreRelease() {
        return preRelease != null;
    }

    /** {@code this >= other}. */
    public boolean isAtLeast(PwshVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(PwshVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        if (c == 0) {
            c = Integer.compare(patch, o.patch);
        }
        if (c != 0) {
            return c;
        }
        if (preRelease == null || o.preRelease == null) {
            // A release sorts after any pre-release of the same numbers.
            return preRelease == null ? (o.preRelease == null ? 0 : 1) : -1;
        }
        return comparePreRelease(preRelease, o.preRelease);
    }

    private static int comparePreRelease(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean xNum = x[i].chars().allMatch(Character::isDigit);
            boolean yNum = y[i].chars().allMatch(Character::isDigit);
            int c;
            if (xNum && yNum) {
                // Compare as numbers without overflow: longer digit strings are larger.
                String xs = stripLeadingZeros(x[i]);
                String ys = stripLeadingZeros(y[i]);
                c = xs.length() != ys.length() ? Integer.compare(xs.length(), ys.length()) : xs.compareTo(ys);
            } else if (xNum != yNum) {
                c = xNum ? -1 : 1; // numeric identifiers sort before alphanumeric ones
            } else {
                c = x[i].compareTo(y[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static String stripLeadingZeros(String s) {
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        return s.substring(i);
    }

    /** {@code 7.6.9} or {@code 7.4.0-preview.3}. */
    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (preRelease == null ? "" : "-" + preRelease);
    }
}
