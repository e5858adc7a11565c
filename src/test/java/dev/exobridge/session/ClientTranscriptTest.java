package dev.exobridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.exobridge.psrp.Message;
import dev.exobridge.psrp.MessageType;
import dev.exobridge.psrp.TranscriptReader;
import dev.exobridge.psrp.clixml.CliXmlReader;
import dev.exobridge.psrp.clixml.PsObject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What our client sends has the structure of what PowerShell's own client sends (golden
 * transcript "basic", recorded by scripts/capture-golden.sh), plus the key exchange.
 */
class ClientTranscriptTest {
    private static final String SCRIPT = "param() 1; Write-Warning \"w1\"; [pscustomobject]@{A=1;B=\"x\"}; Write-Error \"boom\"";

    @Test
    void ourTrafficHasTheOfficialClientsStructure(@TempDir Path tmp) throws Exception {
        // A pipeline of the call's own, output object by object: the structure the official client uses.
        try (PwshSession s = PwshSession.start(SessionTestSupport.options().fastLane(false).batchOutput(false)
                .transcriptDirectory(tmp).build())) {
            InvocationResult r = s.invoke(SCRIPT);
            assertThat(r.output()).hasSize(2);
            s.invoke(Invocation.script("param($p) $p.Length").param("p", dev.exobridge.Secret.of("x")).build());
        }
        List<Message> ours = TranscriptReader.messages(tmp.resolve("client-to-server.log"));
        List<Message> official = TranscriptReader.messages(golden("client-to-server.log"));

        // Both open with SESSION_CAPABILITY + INIT_RUNSPACEPOOL, then pipelines.
        assertThat(types(ours).subList(0, 2)).isEqualTo(types(official).subList(0, 2));
        assertThat(types(ours)).contains(MessageType.CREATE_PIPELINE, MessageType.PUBLIC_KEY);
        assertThat(types(ours)).doesNotContainAnyElementsOf(Set.of(MessageType.GET_COMMAND_METADATA, MessageType.CONNECT_RUNSPACEPOOL));

        assertThat(topLevelNames(first(ours, MessageType.SESSION_CAPABILITY)))
                .isEqualTo(topLevelNames(first(official, MessageType.SESSION_CAPABILITY)));
        assertThat(topLevelNames(first(ours, MessageType.INIT_RUNSPACEPOOL)))
                .isEqualTo(topLevelNames(first(official, MessageType.INIT_RUNSPACEPOOL)));

        // The official client's second pipeline runs the same script as ours.
        PsObject oursPipeline = body(first(ours, MessageType.CREATE_PIPELINE));
        PsObject theirs = body(official.stream().filter(m -> m.type() == MessageType.CREATE_PIPELINE)
                .filter(m -> m.body().contains("Write-Warning")).findFirst().orElseThrow());
        assertThat(oursPipeline.extendedProperties().keySet()).isEqualTo(theirs.extendedProperties().keySet());
        PsObject ourPs = (PsObject) oursPipeline.property("PowerShell");
        PsObject theirPs = (PsObject) theirs.property("PowerShell");
        assertThat(ourPs.extendedProperties().keySet()).isEqualTo(theirPs.extendedProperties().keySet());
        PsObject ourCmd = (PsObject) ((PsObject) ourPs.property("Cmds")).items().get(0);
        PsObject theirCmd = (PsObject) ((PsObject) theirPs.property("Cmds")).items().get(0);
        assertThat(ourCmd.extendedProperties().keySet()).isEqualTo(theirCmd.extendedProperties().keySet());
        // Start-Job pads the script block's text with a space on each side.
        assertThat(text(ourCmd.property("Cmd")).strip()).isEqualTo(text(theirCmd.property("Cmd")).strip());
    }

    private static String text(dev.exobridge.psrp.clixml.PsValue v) {
        return (String) ((dev.exobridge.psrp.clixml.PsPrimitive) v).value();
    }

    private static Path golden(String file) throws URISyntaxException {
        return Path.of(ClientTranscriptTest.class.getResource("/golden/basic/" + file).toURI());
    }

    private static List<MessageType> types(List<Message> ms) {
        return ms.stream().map(Message::type).toList();
    }

    private static Message first(List<Message> ms, MessageType t) {
        return ms.stream().filter(m -> m.type() == t).findFirst().orElseThrow();
    }

    private static PsObject body(Message m) {
        return (PsObject) new CliXmlReader(null).read(m.body());
    }

    private static Set<String> topLevelNames(Message m) {
        return body(m).extendedProperties().keySet();
    }
}
