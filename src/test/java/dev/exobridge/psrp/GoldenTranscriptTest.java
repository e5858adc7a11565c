package dev.exobridge.psrp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.exobridge.psrp.clixml.CliXmlReader;
import dev.exobridge.psrp.clixml.PsValue;
import java.io.IOException;
import java.net.URISyntaxException;
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
        List<Message> messages = TranscriptReader.messages(file);
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

    @org.junit.jupiter.api.Test
    void aTranscriptEndingMidMessageIsAProtocolError(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(25).putLong(1).putLong(0).put((byte) 1).putInt(4).putInt(0);
        Path file = tmp.resolve("cut.log");
        Files.writeString(file, Packet.data(Message.EMPTY, b.array()).format() + "\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TranscriptReader.messages(file))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("ends in the middle of 1 message");
    }

    /** Found by WireFuzzTest: a byte that is not UTF-8 escaped as a MalformedInputException saying only "Input length = 1". */
    @org.junit.jupiter.api.Test
    void aTranscriptThatIsNotUtf8IsAProtocolError(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("bad.log");
        Files.write(file, new byte[] {'<', (byte) 0x80, '>', '\n'});
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TranscriptReader.messages(file))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("bad.log is not a transcript: it is not UTF-8 text");
    }
}
