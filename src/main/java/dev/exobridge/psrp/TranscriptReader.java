package dev.exobridge.psrp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a PSRP transcript (one packet a line, as {@code SessionOptions.transcriptDirectory} and
 * PowerShell's own capture write them) back into its messages. Pure code, for tests and debugging.
 */
public final class TranscriptReader {
    private TranscriptReader() {
    }

    /**
     * Every whole message of the file, in order.
     *
     * @throws ProtocolException when the file is not UTF-8, a line is no packet, or a message is
     *                           left unfinished
     */
    public static List<Message> messages(Path file) throws IOException {
        Defragmenter d = new Defragmenter();
        List<Message> out = new ArrayList<>();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            // Files.readAllLines would say only "Input length = 1".
            throw new ProtocolException(file + " is not a transcript: it is not UTF-8 text", e);
        }
        for (String line : text.lines().toList()) {
            if (line.isBlank()) {
                continue;
            }
            Packet p = Packet.parse(line);
            if (p.kind() == Packet.Kind.Data) {
                for (Fragment f : Fragment.parseAll(p.payload())) {
                    byte[] whole = d.add(f);
                    if (whole != null) {
                        out.add(Message.decode(whole));
                    }
                }
            }
        }
        if (d.pending() != 0) {
            throw new ProtocolException(file + " ends in the middle of " + d.pending() + " message(s)");
        }
        return out;
    }
}
