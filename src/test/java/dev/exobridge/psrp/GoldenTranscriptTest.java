package dev.exobridge.psrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.exobridge.psrp.clixml.CliXmlReader;
import dev.exobridge.psrp.clixml.PsObject;
import dev.exobridge.psrp.clixml.PsValue;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays PowerShell's own client/server transcripts (recorded real traffic; regenerate them with
 * scripts/capture-golden.sh) through the codec: packets, fragments, messages, their CLIXML
 * bodies, and what the state and host-call messages decode to.
 */
class GoldenTranscriptTest {
    /** The property every body of a type must carry (the ones the client and server rely on). */
    private static final Map<MessageType, String> KEY_PROPERTY = Map.ofEntries(
            Map.entry(MessageType.SESSION_CAPABILITY, "protocolversion"),
            Map.entry(MessageType.INIT_RUNSPACEPOOL, "MaxRunspaces"),
            Map.entry(MessageType.CREATE_PIPELINE, "PowerShell"),
            Map.entry(MessageType.APPLICATION_PRIVATE_DATA, "ApplicationPrivateData"),
            Map.entry(MessageType.RUNSPACEPOOL_STATE, "RunspaceState"),
            Map.entry(MessageType.PIPELINE_STATE, "PipelineState"),
            Map.entry(MessageType.PIPELINE_HOST_CALL, "mi"),
            Map.entry(MessageType.WARNING_RECORD, "InformationalRecord_Message"),
            Map.entry(MessageType.VERBOSE_RECORD, "InformationalRecord_Message"),
            Map.entry(MessageType.DEBUG_RECORD, "InformationalRecord_Message"),
            Map.entry(MessageType.ERROR_RECORD, "Exception"),
            Map.entry(MessageType.INFORMATION_RECORD, "MessageData"),
            Map.entry(MessageType.PROGRESS_RECORD, "Activity"));

    static Stream<Path> transcripts() throws IOException, URISyntaxException {
        List<Path> files = new ArrayList<>();
        for (Path d : recordings().toList()) {
            files.add(d.resolve("client-to-server.log"));
            files.add(d.resolve("server-to-client.log"));
        }
        return files.stream();
    }

    static Stream<Path> recordings() throws IOException, URISyntaxException {
        Path root = Path.of(GoldenTranscriptTest.class.getResource("/golden").toURI());
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.sorted().toList().stream();
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
            String key = KEY_PROPERTY.get(m.type());
            if (key != null) {
                PsValue v = new CliXmlReader(null).read(m.body());
                assertThat(v).as("body of %s", m).isInstanceOfSatisfying(PsObject.class,
                        o -> assertThat(o.property(key)).as("%s of %s", key, m).isNotNull());
            } else if (!m.body().isEmpty()) {
                read(m.body()); // output and the rest: any value, but it must parse (this throws when not)
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

    @ParameterizedTest
    @MethodSource("recordings")
    void thePoolOpensThenClosesAndEveryPipelineEndsInAFinalState(Path dir) throws IOException {
        List<Message> in = TranscriptReader.messages(dir.resolve("server-to-client.log"));
        assertThat(in.stream().filter(m -> m.type() == MessageType.RUNSPACEPOOL_STATE)
                .map(m -> RunspacePoolState.decode(body(m)).state()))
                .containsExactly(RunspacePoolState.OPENED, RunspacePoolState.CLOSING, RunspacePoolState.CLOSED);
        List<StateChange<PipelineState>> ends = in.stream().filter(m -> m.type() == MessageType.PIPELINE_STATE)
                .map(m -> PipelineState.decode(body(m))).toList();
        assertThat(ends).isNotEmpty().allSatisfy(c -> assertThat(c.state().isFinal()).isTrue());
        // The recorded script runs in the last pipeline; "terminating" throws, the others complete.
        StateChange<PipelineState> last = ends.get(ends.size() - 1);
        if (dir.getFileName().toString().equals("terminating")) {
            assertThat(last.state()).isEqualTo(PipelineState.FAILED);
            assertThat(last.reason()).isInstanceOfSatisfying(PsObject.class, r -> assertThat(
                    ServerMessages.text(((PsObject) r.property("Exception")).property("Message"))).isEqualTo("bad thing"));
        } else {
            assertThat(last.state()).isEqualTo(PipelineState.COMPLETED);
            assertThat(last.reason()).isNull();
        }
        assertThat(in.stream().filter(m -> m.type() == MessageType.APPLICATION_PRIVATE_DATA)
                .map(m -> ServerMessages.versionTable(body(m))))
                .singleElement().isInstanceOfSatisfying(PsObject.class, t -> assertThat(t.entries())
                        .extracting(e -> ServerMessages.text(e.key())).contains("PSVersion", "PSEdition"));
    }

    @Test
    void theHostCallsOfARecordingDecodeToTheirMethodsAndParameters() throws Exception {
        List<HostCall> calls = hostCalls("streams");
        assertThat(calls).extracting(HostCall::method)
                .containsExactly("WriteVerboseLine", "WriteDebugLine", "WriteLine3", "WriteProgress");
        assertThat(calls).allSatisfy(c -> assertThat(c.expectsResponse()).isFalse());
        assertThat(calls).extracting(HostCall::methodId).containsExactly(21, 19, 17, 20);
        assertThat(ServerMessages.text(calls.get(0).parameters().get(0))).isEqualTo("v1");
        assertThat(calls.get(2).parameters()).hasSize(3);
        assertThat(ServerMessages.text(calls.get(2).parameters().get(2))).isEqualTo("h1");
        HostCall warning = hostCalls("basic").get(0);
        assertThat(warning.method()).isEqualTo("WriteWarningLine");
        assertThat(warning.callId()).isEqualTo(HostCall.VOID_CALL);
        assertThat(ServerMessages.text(warning.parameters().get(0))).isEqualTo("w1");
    }

    @Test
    void statesAndHostCallsThatAreNotWhatTheProtocolSaysAreProtocolErrors() {
        assertThatThrownBy(() -> PipelineState.decode(read("<Obj RefId=\"0\"><MS><I32 N=\"PipelineState\">9</I32></MS></Obj>")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("unknown pipeline state 9");
        assertThatThrownBy(() -> RunspacePoolState.decode(read("<Obj RefId=\"0\"><MS></MS></Obj>")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("RunspaceState");
        assertThatThrownBy(() -> PipelineState.decode(read("<S>2</S>")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("not an object");
        assertThatThrownBy(() -> HostCall.decode(read("<Obj RefId=\"0\"><MS><I64 N=\"ci\">1</I64></MS></Obj>")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("(mi)");
        assertThatThrownBy(() -> ServerMessages.encryptedSessionKey(read("<Obj RefId=\"0\"><MS></MS></Obj>")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("EncryptedSessionKey");
        assertThat(PipelineState.decode(read("<Obj RefId=\"0\"><MS><I32 N=\"PipelineState\">2</I32></MS></Obj>"))
                .state()).isEqualTo(PipelineState.STOPPING).matches(s -> !s.isFinal());
    }

    @Test
    void aTranscriptEndingMidMessageIsAProtocolError(@TempDir Path tmp) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(25).putLong(1).putLong(0).put((byte) 1).putInt(4).putInt(0);
        Path file = tmp.resolve("cut.log");
        Files.writeString(file, Packet.data(Message.EMPTY, b.array()).format() + "\n");
        assertThatThrownBy(() -> TranscriptReader.messages(file))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("ends in the middle of 1 message");
    }

    private static List<HostCall> hostCalls(String recording) throws Exception {
        Path dir = recordings().filter(d -> d.getFileName().toString().equals(recording)).findFirst().orElseThrow();
        return TranscriptReader.messages(dir.resolve("server-to-client.log")).stream()
                .filter(m -> m.type() == MessageType.PIPELINE_HOST_CALL).map(m -> HostCall.decode(body(m))).toList();
    }

    private static PsValue body(Message m) {
        return read(m.body());
    }

    private static PsValue read(String clixml) {
        return new CliXmlReader(null).read(clixml);
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
