package dev.exobridge.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * {@link OutputFormat#JSON}: one pretty-printed array, streamed element by element through a
 * Jackson generator (memory stays bounded); an empty result is {@code []}.
 */
final class JsonArrayWriter implements ResultWriter {
    private final PrintStream out;
    private final JsonGenerator gen;
    private boolean finished;

    JsonArrayWriter(PrintStream out) {
        this.out = out;
        try {
            this.gen = JsonOutput.MAPPER.getFactory().createGenerator(out);
            gen.setPrettyPrinter(JsonOutput.PRETTY);
            gen.writeStartArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void write(JsonNode value) {
        try {
            JsonOutput.MAPPER.writeTree(gen, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            gen.writeEndArray();
            gen.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
    }
}
