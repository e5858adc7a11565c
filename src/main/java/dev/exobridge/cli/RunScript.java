package dev.exobridge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The text of {@code run-script.ps1}, the script {@code exo-bridge run} runs the caller's script in. */
final class RunScript {
    static final String TEXT = load("run-script.ps1");

    private RunScript() {
    }

    private static String load(String name) {
        try (InputStream in = RunScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the exo-bridge jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
