package dev.exobridge.session;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Records the packets of one session, one a line, in the layout of PowerShell's own capture. */
final class Transcript {
    private final BufferedWriter sent;
    private final BufferedWriter received;

    private Transcript(Path dir) throws IOException {
        Files.createDirectories(dir);
        sent = Files.newBufferedWriter(dir.resolve("client-to-server.log"), StandardCharsets.UTF_8);
        received = Files.newBufferedWriter(dir.resolve("server-to-client.log"), StandardCharsets.UTF_8);
    }

    /** A transcript in {@code dir}, or {@code null} when {@code dir} is null. */
    static Transcript open(Path dir) {
        if (dir == null) {
            return null;
        }
        try {
            return new Transcript(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a PSRP transcript into " + dir, e);
        }
    }

    synchronized void sent(String line) {
        write(sent, line);
    }

    synchronized void received(String line) {
        write(received, line);
    }

    synchronized void close() {
        try {
            sent.close();
            received.close();
        } catch (IOException e) {
            // a debugging aid must not break the session
        }
    }

    private static void write(BufferedWriter w, String line) {
        try {
            w.write(line);
            w.write('\n');
            w.flush();
        } catch (IOException e) {
            // a debugging aid must not break the session
        }
    }
}
