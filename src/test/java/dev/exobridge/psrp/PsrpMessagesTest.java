package dev.exobridge.psrp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.exobridge.psrp.clixml.CliXmlReader;
import dev.exobridge.psrp.clixml.PsObject;
import dev.exobridge.psrp.clixml.PsValue;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client's messages beside what PowerShell's own client sent in the recorded golden
 * transcript (src/test/resources/golden/basic): the same structure and values where the protocol
 * fixes them, read back by our own reader.
 */
class PsrpMessagesTest {
    private static final UUID POOL = UUID.randomUUID();
    private static final UUID PIPE = UUID.randomUUID();
    private static List<Message> golden;

    @BeforeAll
    static void readGolden() throws Exception {
        golden = TranscriptReader.messages(goldenFile());
    }

    private static Path goldenFile() throws URISyntaxException {
        return Path.of(PsrpMessagesTest.class.getResource("/golden/basic/client-to-server.log").toURI());
    }

    @Test
    void sessionCapabilityAnnouncesTheVersionsEveryClientSends() {
        PsObject ours = body(PsrpMessages.sessionCapability(POOL));
        PsObject theirs = body(first(MessageType.SESSION_CAPABILITY));
        assertThat(text(ours, "protocolversion")).isEqualTo("2.3");
        for (String p : List.of("PSVersion", "SerializationVersion")) {
            assertThat(text(ours, p)).as(p).isEqualTo(text(theirs, p));
        }
    }

    @Test
    void initRunspacePoolCarriesTheBoundsAndTheOptionsPowerShellSends() {
        Message m = PsrpMessages.initRunspacePool(POOL, 1, 3, true);
        assertThat(m.type()).isEqualTo(MessageType.INIT_RUNSPACEPOOL);
        assertThat(m.destination()).isEqualTo(Message.Destination.SERVER);
        PsObject ours = body(m);
        PsObject theirs = body(first(MessageType.INIT_RUNSPACEPOOL));
        assertThat(text(ours, "MinRunspaces")).isEqualTo("1");
        assertThat(text(ours, "MaxRunspaces")).isEqualTo("3");
        for (String p : List.of("PSThreadOptions", "ApartmentState")) {
            assertThat(((PsObject) ours.property(p)).typeNames()).isEqualTo(((PsObject) theirs.property(p)).typeNames());
            assertThat(text(ours, p)).as(p).isEqualTo(text(theirs, p));
        }
        PsObject host = (PsObject) ours.property("HostInfo");
        assertThat(text(host, "_isHostNull")).isEqualTo("false");
        assertThat(text((PsObject) body(PsrpMessages.initRunspacePool(POOL, 1, 1, false)).property("HostInfo"),
                "_isHostNull")).isEqualTo("true");
    }

    @Test
    void createPipelineHasTheShapeOfPowerShellsOwn() {
        PsObject theirs = body(golden.stream().filter(m -> m.type() == MessageType.CREATE_PIPELINE)
                .reduce((a, b) -> b).orElseThrow());
        PsObject ours = body(PsrpMessages.createPipeline(POOL, PIPE, List.of(new PsrpMessages.Command("1", true,
                List.of(new PsrpMessages.Argument("Name", "x'; Remove-Item *"), new PsrpMessages.Argument(null, 5)))),
                true, null));
        assertThat(ours.adaptedProperties().keySet()).containsAll(theirs.adaptedProperties().keySet());
        PsObject ps = (PsObject) ours.property("PowerShell");
        assertThat(ps.adaptedProperties().keySet())
                .containsAll(((PsObject) theirs.property("PowerShell")).adaptedProperties().keySet());
        PsObject cmd = (PsObject) ((PsObject) ps.property("Cmds")).items().get(0);
        PsObject theirCmd = (PsObject) ((PsObject) ((PsObject) theirs.property("PowerShell")).property("Cmds"))
                .items().get(0);
        assertThat(cmd.adaptedProperties().keySet()).isEqualTo(theirCmd.adaptedProperties().keySet());
        assertThat(text(cmd, "Cmd")).isEqualTo("1");
        assertThat(text(cmd, "IsScript")).isEqualTo("true");
        List<PsValue> args = ((PsObject) cmd.property("Args")).items();
        // Parameters travel as data, never spliced into the script text.
        assertThat(text((PsObject) args.get(0), "N")).isEqualTo("Name");
        assertThat(text((PsObject) args.get(0), "V")).isEqualTo("x'; Remove-Item *");
        assertThat(text((PsObject) args.get(1), "N")).as("a positional argument has no name").isNull();
        assertThat(text((PsObject) args.get(1), "V")).isEqualTo("5");
        assertThat(text(ours, "NoInput")).isEqualTo("true");
    }

    @Test
    void hostResponsesAnswerTheCallTheyNameOnThePipelineOrThePool() {
        Message value = PsrpMessages.hostValueResponse(POOL, PIPE, 7, "ReadLine", 11, "typed", null);
        assertThat(value.type()).isEqualTo(MessageType.PIPELINE_HOST_RESPONSE);
        PsObject v = body(value);
        assertThat(text(v, "ci")).isEqualTo("7");
        assertThat(text(v, "mr")).isEqualTo("typed");
        assertThat(((PsObject) v.property("mi")).toStringValue()).isEqualTo("ReadLine");
        assertThat(text(v, "mi")).isEqualTo("11");

        Message error = PsrpMessages.hostErrorResponse(POOL, Message.EMPTY, 8, "PromptForCredential", 18, "no one");
        assertThat(error.type()).isEqualTo(MessageType.RUNSPACEPOOL_HOST_RESPONSE);
        PsObject e = body(error);
        assertThat(text(e, "ci")).isEqualTo("8");
        PsObject record = (PsObject) e.property("me");
        assertThat(text(record, "FullyQualifiedErrorId")).isEqualTo("ExoBridgeHostPromptRefused");
        assertThat(text((PsObject) record.property("Exception"), "Message")).isEqualTo("no one");
    }

    @Test
    void inputAndItsEndGoToThePipeline() {
        Message in = PsrpMessages.pipelineInput(POOL, PIPE, 42, null);
        assertThat(in.type()).isEqualTo(MessageType.PIPELINE_INPUT);
        assertThat(in.pipelineId()).isEqualTo(PIPE);
        assertThat(ServerMessages.text(new CliXmlReader(null).read(in.body()))).isEqualTo("42");
        Message end = PsrpMessages.endOfPipelineInput(POOL, PIPE);
        assertThat(end.type()).isEqualTo(MessageType.END_OF_PIPELINE_INPUT);
        assertThat(end.body()).isEmpty();
        assertThat(Message.decode(end.encode())).isEqualTo(end);
        Message key = PsrpMessages.publicKey(POOL, "QUJD");
        assertThat(text(body(key), "PublicKey")).isEqualTo("QUJD");
    }

    private static Message first(MessageType type) {
        return golden.stream().filter(m -> m.type() == type).findFirst().orElseThrow();
    }

    private static PsObject body(Message m) {
        return (PsObject) new CliXmlReader(null).read(m.body());
    }

    private static String text(PsObject o, String property) {
        return ServerMessages.text(o.property(property));
    }
}
