package dev.exobridge.psrp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.exobridge.psrp.clixml.CliXmlReader;
import dev.exobridge.psrp.clixml.PsValue;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decodes every line of PowerShell's own client/server transcripts (regenerate them with
 * scripts/capture-golden.sh): packets, fragments, messages and their CLIXML bodies.
 */
class GoldenTranscriptTest {

    static Stream<Path> transcripts() throws IOException, URISyntaxException {
        Path root = Path.of(GoldenTranscriptTest.class.getResource("/golden").toURI());
        try (Stream<Path> dirs = Files.list(root)) {
            List<Path> files = new ArrayList<>();
            for (Path d : dirs.sorted().toList()) {
                files.add(d.resolve("client-to-server.log"));
                files.add(d.resolve("server-to-client.log"));
            }
            return files.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("transcripts")
    void everyLineDecodes(Path file) throws IOException {
        List<Message> messages = decode(file);
        assertThat(messages).isNotEmpty();
        boolean toServer = file.getFileName().toString().startsWith("client");
        for (Message m : messages) {
            assertThat(m.destination()).isEqualTo(toServer ? Message.Destination.SERVER : Message.Destination.CLIENT);
            if (!m.body().isEmpty()) {
                PsValue v = new CliXmlReader(null).read(m.body());
                assertThat(v).as("body of %s", m).isNotNull();
            }
        }
        if (toServer) {
            assertThat(messages.get(0).type()).isEqualTo(MessageType.SESSION_CAPABILITY);
            assertThat(messages.get(1).type()).isEqualTo(MessageType.INIT_RUNSPACEPOOL);
            assertThat(messages).extracting(Message::type).contains(MessageType.CREATE_PIPELINE);
        } else {
            assertThat(messages).extracting(Message::type)
                    .contains(MessageType.SESSION_CAPABILITY, MessageType.RUNSPACEPOOL_STATE, MessageType.PIPELINE_STATE);
        }
    }

    /** Every message of a transcript file, in order. */
    static List<Message> decode(Path file) throws IOException {
        Defragmenter d = new Defragmenter();
        List<Message> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
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
        assertThat(d.pending()).as("messages left unfinished in %s", file).isZero();
        return out;
    }
}
