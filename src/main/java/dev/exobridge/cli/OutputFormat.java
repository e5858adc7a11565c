package dev.exobridge.cli;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The forms data takes on stdout. */
public enum OutputFormat {
    /** One JSON array holding every value, pretty-printed. */
    JSON,
    /** One compact JSON value a line, each written and flushed as it arrives. */
    NDJSON,
    /** A table for people: columns from the objects' properties, long cells cut. */
    TABLE,
    /** PowerShell's own formatter's text (Out-String -Stream), a line at a time, as pwsh prints it. {@code run} only. */
    TEXT;

    /** The lower-case name, as typed after {@code --format}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The format named {@code text} (any case) among {@code allowed}.
     *
     * @throws UsageException naming the allowed values
     */
    static OutputFormat parse(String text, Set<OutputFormat> allowed) {
        for (OutputFormat f : allowed) {
            if (f.label().equalsIgnoreCase(text.strip())) {
                return f;
            }
        }
        throw new UsageException("--format '" + text + "' is not known here; use one of "
                + allowed.stream().map(OutputFormat::label).collect(Collectors.joining(", ")));
    }
}
