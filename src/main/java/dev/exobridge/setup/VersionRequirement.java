package dev.exobridge.setup;

import java.util.Objects;

/**
 * Which versions of a module are wanted: any, exactly one, a minimum, a maximum, or both
 * (bounds included). Immutable. Default everywhere: {@link #any()}.
 */
public final class VersionRequirement {
    private static final VersionRequirement ANY = new VersionRequirement(null, null, null);

    private final String required;
    private final String minimum;
    private final String maximum;

    private VersionRequirement(String required, String minimum, String maximum) {
        this.required = required;
        this.minimum = minimum;
        this.maximum = maximum;
    }

    /** Any version (the newest is installed). */
    public static VersionRequirement any() {
        return ANY;
    }

    /** Exactly this version, e.g. {@code 3.5.0}. */
    public static VersionRequirement exactly(String version) {
        return new VersionRequirement(ModuleVersion.require(version, "version"), null, null);
    }

    /** This version or newer (the newest is installed). */
    public static VersionRequirement atLeast(String version) {
        return new VersionRequirement(null, ModuleVersion.require(version, "minimum version"), null);
    }

    /** This version or older (the newest of those is installed). */
    public static VersionRequirement atMost(String version) {
        return new VersionRequirement(null, null, ModuleVersion.require(version, "maximum version"));
    }

    /** From {@code minimum} to {@code maximum}, both included. */
    public static VersionRequirement between(String minimum, String maximum) {
        String min = ModuleVersion.require(minimum, "minimum version");
        String max = ModuleVersion.require(maximum, "maximum version");
        if (ModuleVersion.compare(min, max) > 0) {
            throw new IllegalArgumentException("the minimum version " + min + " is above the maximum " + max);
        }
        return new VersionRequirement(null, min, max);
    }

    /**
     * Parses what a user types: empty or {@code *} for any, {@code 3.5.0} for exactly,
     * {@code >=3.5.0} for a minimum, {@code <=3.9.0} for a maximum, {@code 3.5.0..3.9.0} for both.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static VersionRequirement parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty() || t.equals("*")) {
            return any();
        }
        if (t.startsWith(">=")) {
            return atLeast(t.substring(2).trim());
        }
        if (t.startsWith("<=")) {
            return atMost(t.substring(2).trim());
        }
        int range = t.indexOf("..");
        if (range > 0) {
            return between(t.substring(0, range).trim(), t.substring(range + 2).trim());
        }
        if (!ModuleVersion.isValid(t)) {
            throw new IllegalArgumentException("'" + text + "' is not a version requirement; use 3.5.0 (exactly), "
                    + ">=3.5.0 (minimum), <=3.9.0 (maximum), 3.5.0..3.9.0 (both) or * (any)");
        }
        return exactly(t);
    }

    /** The exact version asked for, or {@code null}. */
    public String required() {
        return required;
    }

    /** The minimum, or {@code null}. */
    public String minimum() {
        return minimum;
    }

    /** The maximum, or {@code null}. */
    public String maximum() {
        return maximum;
    }

    /** Whether {@code version} meets the requirement. */
    public boolean matches(String version) {
        if (required != null) {
            return ModuleVersion.compare(version, required) == 0;
        }
        if (minimum != null && ModuleVersion.compare(version, minimum) < 0) {
            return false;
        }
        return maximum == null || ModuleVersion.compare(version, maximum) <= 0;
    }

    /** Whether any version will do. */
    public boolean isAny() {
        return required == null && minimum == null && maximum == null;
    }

    /** {@code 3.5.0}, {@code >=3.5.0}, {@code <=3.9.0}, {@code 3.5.0..3.9.0} or {@code *}: what {@link #parse} reads. */
    @Override
    public String toString() {
        if (required != null) {
            return required;
        }
        if (minimum != null && maximum != null) {
            return minimum + ".." + maximum;
        }
        if (minimum != null) {
            return ">=" + minimum;
        }
        return maximum != null ? "<=" + maximum : "*";
    }

    /** In words: "version 3.5.0", "version 3.5.0 or newer", "any version", ... */
    public String describe() {
        if (required != null) {
            return "version " + required;
        }
        if (minimum != null && maximum != null) {
            return "a version from " + minimum + " to " + maximum;
        }
        if (minimum != null) {
            return "version " + minimum + " or newer";
        }
        return maximum != null ? "version " + maximum + " or older" : "any version";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionRequirement v && Objects.equals(required, v.required)
                && Objects.equals(minimum, v.minimum) && Objects.equals(maximum, v.maximum);
    }

    @Override
    public int hashCode() {
        return Objects.hash(required, minimum, maximum);
    }
}
