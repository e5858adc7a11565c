package dev.exobridge.psrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class PacketTest {
    private static final UUID G = UUID.fromString("25c99333-7f9c-4fd3-96ce-4f9954cf4e6d");

    @Test
    void formatsPacketsAsPowerShellDoes() {
        assertThat(Packet.control(Packet.Kind.Command, G).format())
                .isEqualTo("<Command PSGuid='25c99333-7f9c-4fd3-96ce-4f9954cf4e6d' />");
        assertThat(Packet.data(G, new byte[]{1, 2, 3}).format())
                .isEqualTo("<Data Stream='Default' PSGuid='25c99333-7f9c-4fd3-96ce-4f9954cf4e6d'>AQID</Data>");
    }

    @Test
    void parsesWhatItFormats() {
        for (Packet.Kind k : Packet.Kind.values()) {
            Packet p = k == Packet.Kind.Data ? Packet.data(G, new byte[]{9, 8}) : Packet.control(k, G);
            Packet back = Packet.parse(p.format());
            assertThat(back.kind()).isEqualTo(k);
            assertThat(back.guid()).isEqualTo(G);
            if (k == Packet.Kind.Data) {
                assertThat(back.payload()).containsExactly(9, 8);
                assertThat(back.stream()).isEqualTo("Default");
            }
        }
    }

    @Test
    void rejectsGarbageWithAClearMessage() {
        assertThatThrownBy(() -> Packet.parse("hello world")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("not an XML element").hasMessageContaining("hello world");
        assertThatThrownBy(() -> Packet.parse("<Frob PSGuid='" + G + "' />")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("unknown packet element <Frob>");
        assertThatThrownBy(() -> Packet.parse("<Command PSGuid='nope' />")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("is not a GUID");
        assertThatThrownBy(() -> Packet.parse("<Command />")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("PSGuid is missing");
        assertThatThrownBy(() -> Packet.parse("<Data Stream='Default' PSGuid='" + G + "'>!!!</Data>"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("not base64");
        assertThatThrownBy(() -> Packet.parse("<Data Stream='Default' PSGuid='" + G + "'>AQID"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("</Data>");
    }

    /** Found by WireFuzzTest: a PSGuid inside the Stream value was read as the packet's, and format() then wrote a line parse refused. */
    @Test
    void aStreamAttributeHidingAnotherAttributeIsAProtocolError() {
        String line = "<Data Stream='Default PSGuid='25c99333-7f9c-4fd3-96ce-4f9954cf4e6d' PSGuid='x'>AQID</Data>";
        assertThatThrownBy(() -> Packet.parse(line)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("unknown stream 'Default PSGuid=' (Default or PromptResponse)");
        assertThat(Packet.parse("<Data Stream='PromptResponse' PSGuid='" + G + "'>AQID</Data>").stream())
                .isEqualTo(Packet.PROMPT_RESPONSE_STREAM);
    }
}
