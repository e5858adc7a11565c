package dev.exobridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.exobridge.json.PsJsonMapper;
import dev.exobridge.psrp.Message;
import dev.exobridge.psrp.MessageType;
import dev.exobridge.psrp.PipelineState;
import dev.exobridge.psrp.ProtocolException;
import dev.exobridge.psrp.TranscriptReader;
import dev.exobridge.psrp.clixml.CliXmlReader;
import dev.exobridge.psrp.clixml.PsPrimitive;
import dev.exobridge.psrp.clixml.PsValue;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Records and errors of the recorded real traffic (src/test/resources/golden), decoded without pwsh. */
class RecordDecoderTest {
    private final RecordDecoder decoder = new RecordDecoder(new PsJsonMapper());

    @Test
    void warningsAndErrorsOfARecordingDecodeToWhatPowerShellShows() throws Exception {
        StreamRecord warning = decoder.informational(StreamKind.WARNING, first("basic", MessageType.WARNING_RECORD));
        assertThat(warning.kind()).isEqualTo(StreamKind.WARNING);
        assertThat(warning.message()).isEqualTo("w1");
        PowerShellError error = decoder.error(first("basic", MessageType.ERROR_RECORD));
        assertThat(error.message()).isEqualTo("boom");
        assertThat(error.category()).isEqualTo("NotSpecified");
        assertThat(error.fullyQualifiedErrorId()).startsWith("Microsoft.PowerShell.Commands.WriteErrorException");
        assertThat(error.exceptionType()).isEqualTo("Microsoft.PowerShell.Commands.WriteErrorException");
    }

    @Test
    void everyStreamOfARecordingDecodesToItsKindAndText() throws Exception {
        assertThat(decoder.informational(StreamKind.VERBOSE, first("streams", MessageType.VERBOSE_RECORD)).message())
                .isEqualTo("v1");
        assertThat(decoder.informational(StreamKind.DEBUG, first("streams", MessageType.DEBUG_RECORD)).message())
                .isEqualTo("d1");
        assertThat(all("streams", MessageType.INFORMATION_RECORD).stream().map(decoder::information)
                .map(StreamRecord::message)).containsExactly("i1", "h1");
        StreamRecord progress = decoder.progress(first("streams", MessageType.PROGRESS_RECORD));
        assertThat(progress.message()).isEqualTo("act: st");
        assertThat(progress.details().get("PercentComplete").intValue()).isEqualTo(50);
    }

    @Test
    void theReasonOfAFailedPipelineIsItsErrorRecord() throws Exception {
        PsValue state = all("terminating", MessageType.PIPELINE_STATE).get(2);
        PowerShellError error = decoder.error(PipelineState.decode(state).reason());
        assertThat(error.message()).isEqualTo("bad thing");
        assertThat(error.category()).isEqualTo("OperationStopped");
    }

    @Test
    void aRecordThatIsNoObjectIsAProtocolError() {
        assertThatThrownBy(() -> decoder.error(PsPrimitive.string("boom"))).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("error record");
        assertThatThrownBy(() -> decoder.progress(PsPrimitive.int32(1))).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("progress record");
    }

    private static PsValue first(String recording, MessageType type) throws Exception {
        return all(recording, type).get(0);
    }

    private static List<PsValue> all(String recording, MessageType type) throws Exception {
        Path file = Path.of(RecordDecoderTest.class.getResource("/golden/" + recording + "/server-to-client.log").toURI());
        return TranscriptReader.messages(file).stream().filter(m -> m.type() == type).map(Message::body)
                .map(b -> new CliXmlReader(null).read(b)).toList();
    }
}
