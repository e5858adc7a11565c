package dev.exobridge.cli;

import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * {@code --format} and its shorthand {@code --json}, shared by every command that prints data.
 * Each command decides its default and which formats it takes ({@link #resolve}).
 */
final class FormatOptions {
    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Output format on stdout: json or table (run: also ndjson, and text: PowerShell's own formatting). "
                    + "Default: json for run, table for the other commands.")
    String format;

    @Option(names = "--json", description = "Shorthand for --format json.")
    boolean json;

    /**
     * The format asked for, else {@code fallback}.
     *
     * @throws UsageException when the format is unknown or not in {@code allowed}, or contradicts {@code --json}
     */
    OutputFormat resolve(OutputFormat fallback, Set<OutputFormat> allowed) {
        return resolveAgainst(fallback, allowed);
    }

    /** The format of a command that prints a report: table (the default) or json. */
    OutputFormat resolveReport() {
        return resolveAgainst(OutputFormat.TABLE, EnumSet.of(OutputFormat.JSON, OutputFormat.TABLE));
    }

    private OutputFormat resolveAgainst(OutputFormat fallback, Set<OutputFormat> allowed) {
        if (format == null) {
            return json ? OutputFormat.JSON : fallback;
        }
        OutputFormat f = OutputFormat.parse(format, allowed);
        if (json && f != OutputFormat.JSON) {
            throw new UsageException("--json and --format " + format + " contradict each other; give one of them");
        }
        return f;
    }
}
