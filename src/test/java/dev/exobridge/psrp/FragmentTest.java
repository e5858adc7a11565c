package dev.exobridge.psrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class FragmentTest {
    private static final UUID POOL = UUID.fromString("4ff64e0b-65ba-436e-93f0-e24ca6feda15");

    @Property(tries = 200)
    void anyMessageSurvivesFragmentationAtAnyBlobSize(@ForAll @StringLength(max = 5000) String body,
                                                     @ForAll @IntRange(min = 1, max = 4000) int maxBlob) {
        Message m = new Message(Message.Destination.SERVER, MessageType.PIPELINE_INPUT, POOL, UUID.randomUUID(), body);
        Fragmenter f = new Fragmenter(maxBlob);
        Defragmenter d = new Defragmenter();
        List<Message> out = new ArrayList<>();
        for (byte[] payload : f.payloads(m, m)) {
            for (Fragment frag : Fragment.parseAll(payload)) {
                assertThat(frag.blob().length).isLessThanOrEqualTo(maxBlob);
                byte[] whole = d.add(frag);
                if (whole != null) {
                    out.add(Message.decode(whole));
                }
            }
        }
        assertThat(out).containsExactly(m, m);
        assertThat(d.pending()).isZero();
    }

    @Test
    void largeMessageUsesPowerShellsBlobSize() {
        Message m = new Message(Message.Destination.SERVER, MessageType.PIPELINE_INPUT, POOL, POOL, "x".repeat(100_000));
        List<Fragment> frags = new Fragmenter().fragment(m);
        assertThat(frags).hasSize(4);
        assertThat(frags.get(0).blob()).hasSize(Fragmenter.DEFAULT_MAX_BLOB);
        assertThat(frags.get(0).start()).isTrue();
        assertThat(frags.get(3).end()).isTrue();
        assertThat(frags.stream().map(Fragment::fragmentId)).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void outOfOrderOrTruncatedFragmentsAreProtocolErrors() {
        Defragmenter d = new Defragmenter();
        assertThatThrownBy(() -> d.add(new Fragment(7, 1, false, true, new byte[1])))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("never started");
        d.add(new Fragment(8, 0, true, false, new byte[1]));
        assertThatThrownBy(() -> d.add(new Fragment(8, 2, false, true, new byte[1])))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("where fragment 1 was expected");
        assertThatThrownBy(() -> Fragment.parseAll(new byte[10]))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("truncated fragment header");
        ByteBuffer b = ByteBuffer.allocate(21).putLong(1).putLong(0).put((byte) 3).putInt(500);
        assertThatThrownBy(() -> Fragment.parseAll(b.array()))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("declares 500 bytes");
    }

    @Test
    void messageOverTheLimitIsRefused() {
        Defragmenter d = new Defragmenter(10);
        d.add(new Fragment(1, 0, true, false, new byte[8]));
        assertThatThrownBy(() -> d.add(new Fragment(1, 1, false, true, new byte[8])))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("exceeds the limit of 10 bytes");
    }

    /** The limit held only from the second fragment on: a single start fragment of any size passed. */
    @Test
    void aStartFragmentOverTheLimitIsRefused() {
        Defragmenter d = new Defragmenter(10);
        assertThatThrownBy(() -> d.add(new Fragment(1, 0, true, true, new byte[11])))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("message 1 exceeds the limit of 10 bytes");
        assertThatThrownBy(() -> d.add(new Fragment(2, 0, true, false, new byte[11])))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("message 2 exceeds the limit of 10 bytes");
        assertThat(d.pending()).isZero();
        assertThat(d.add(new Fragment(3, 0, true, true, new byte[10]))).hasSize(10);
    }
}
