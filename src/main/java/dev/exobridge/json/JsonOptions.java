package dev.exobridge.json;

/**
 * How {@link PsJsonMapper} turns PowerShell values into JSON. Immutable; each {@code with...}
 * returns a changed copy.
 *
 * <p>Defaults ({@link #defaults()}):
 * <ul>
 *   <li>{@link #maxDepth()} = {@value #DEFAULT_MAX_DEPTH}: objects and collections nested deeper
 *       than this are written as their text instead of being expanded.</li>
 * </ul>
 */
public final class JsonOptions {
    /** The default {@link #maxDepth()}. */
    public static final int DEFAULT_MAX_DEPTH = 64;
    /** The largest {@link #maxDepth()} accepted: deeper JSON is refused by Jackson's writer anyway. */
    public static final int MAX_DEPTH_LIMIT = 900;

    private static final JsonOptions DEFAULTS = new JsonOptions(DEFAULT_MAX_DEPTH);

    private final int maxDepth;

    private JsonOptions(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    /** The defaults listed in the class description. */
    public static JsonOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The depth guard, with the meaning of ConvertTo-Json's {@code -Depth}: the value itself is
     * at depth 0, each object, dictionary or collection puts its members one deeper, and an
     * object or collection found deeper than {@code maxDepth} is written as its ToString text
     * (its first type name when it has none). Cycles are cut at the first repetition the same way.
     */
    public int maxDepth() {
        return maxDepth;
    }

    /**
     * A copy with another {@link #maxDepth()}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= maxDepth <= }{@value #MAX_DEPTH_LIMIT}
     */
    public JsonOptions withMaxDepth(int maxDepth) {
        if (maxDepth < 0 || maxDepth > MAX_DEPTH_LIMIT) {
            throw new IllegalArgumentException("maxDepth must be between 0 and " + MAX_DEPTH_LIMIT + ", got " + maxDepth);
        }
        return new JsonOptions(maxDepth);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonOptions other && other.maxDepth == maxDepth;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(maxDepth);
    }

    @Override
    public String toString() {
        return "JsonOptions[maxDepth=" + maxDepth + "]";
    }
}
