package dev.exobridge.psrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageTest {
    @Test
    void guidsUseDotNetByteOrder() {
        // The first bytes of a SESSION_CAPABILITY that PowerShell's client sent (golden "basic"):
        // destination 2, type 0x00010002, runspace pool 4ff64e0b-65ba-436e-93f0-e24ca6feda15.
        byte[] header = Base64.getDecoder().decode("AgAAAAIAAQALTvZPumVuQ5Pw4kym/toVAAAAAAAAAAAAAAAAAAAAAA==");
        ByteBuffer b = ByteBuffer.allocate(header.length).put(header);
        Message m = Message.decode(b.array());
        assertThat(m.destination()).isEqualTo(Message.Destination.SERVER);
        assertThat(m.type()).isEqualTo(MessageType.SESSION_CAPABILITY);
        assertThat(m.runspacePoolId()).isEqualTo(UUID.fromString("4ff64e0b-65ba-436e-93f0-e24ca6feda15"));
        assertThat(m.pipelineId()).isEqualTo(Message.EMPTY);
        assertThat(m.body()).isEmpty();
        assertThat(new Message(m.destination(), m.type(), m.runspacePoolId(), m.pipelineId(), "").encode())
                .isEqualTo(b.array());
    }

    @Test
    void badHeadersAreProtocolErrors() {
        assertThatThrownBy(() -> Message.decode(new byte[12])).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("shorter than its 40-byte header");
        byte[] bad = new byte[40];
        bad[0] = 2;
        bad[4] = 0x7F;
        assertThatThrownBy(() -> Message.decode(bad)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("unknown PSRP message type");
        byte[] badDest = new byte[40];
        badDest[0] = 9;
        assertThatThrownBy(() -> Message.decode(badDest)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("destination 9");
        byte[] badUtf8 = new byte[43];
        badUtf8[0] = 1;
        ByteBuffer.wrap(badUtf8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(4, MessageType.PIPELINE_OUTPUT.code());
        badUtf8[40] = (byte) 0xC3;
        badUtf8[41] = (byte) 0x28;
        assertThatThrownBy(() -> Message.decode(badUtf8)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("not valid UTF-8");
    }
}
