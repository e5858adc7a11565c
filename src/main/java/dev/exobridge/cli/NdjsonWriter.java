package dev.exobridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * {@link OutputFormat#NDJSON}: one compact JSON value a line, flushed after each line so a
 * reader sees each object as soon as pwsh sent it. Nothing is kept once written.
 */
final class NdjsonWriter implements ResultWriter {
    private final PrintStream out;

    NdjsonWriter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void write(JsonNode value) {
        try {
            out.write(JsonOutput.COMPACT.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        out.flush();
    }

    @Override
    public void finish() {
        out.flush();
    }
}
