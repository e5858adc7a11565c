package dev.exobridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;

/**
 * Writes a command's data to stdout in one {@link OutputFormat}, value by value as they come,
 * so that a large result never has to be held. {@link #finish()} completes the document (closes
 * the JSON array, prints the rest of a table) and must run even when the command fails midway,
 * so that what was written stays well-formed.
 */
interface ResultWriter {
    /** Writes one value. */
    void write(JsonNode value);

    /** Completes the output and flushes it; idempotent. */
    void finish();

    /** The writer for {@code format} over {@code out}. */
    static ResultWriter open(OutputFormat format, PrintStream out) {
        return switch (format) {
            case JSON -> new JsonArrayWriter(out);
            case NDJSON -> new NdjsonWriter(out);
            case TABLE -> new TableWriter(out);
            case TEXT -> new TextLinesWriter(out);
        };
    }
}
