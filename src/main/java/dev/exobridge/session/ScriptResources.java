package dev.exobridge.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The PowerShell scripts the engine sends to pwsh, kept as resources beside these classes. */
final class ScriptResources {
    private ScriptResources() {
    }

    static String load(String name) {
        try (InputStream in = ScriptResources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the exo-bridge jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
