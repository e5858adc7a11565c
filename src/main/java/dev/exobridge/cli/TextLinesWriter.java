package dev.exobridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;

/**
 * {@code --format text}: each value is a line of PowerShell's formatter output (the run script
 * pipes the output through {@code Out-String -Stream}), printed as it is and flushed.
 */
final class TextLinesWriter implements ResultWriter {
    private final PrintStream out;

    TextLinesWriter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void write(JsonNode value) {
        out.println(value.isTextual() ? value.asText() : value.toString());
        out.flush();
    }

    @Override
    public void finish() {
        out.flush();
    }
}
