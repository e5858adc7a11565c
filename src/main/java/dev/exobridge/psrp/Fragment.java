package dev.exobridge.psrp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One fragment of a PSRP message (MS-PSRP 2.2.4): object id, fragment id, start/end flags and a
 * blob. On the wire: 8 + 8 bytes big-endian ids, one flag byte, 4 bytes big-endian length.
 *
 * @param objectId   the message this fragment belongs to
 * @param fragmentId its position in that message, from 0
 * @param start      first fragment of the message
 * @param end        last fragment of the message
 * @param blob       the bytes
 */
public record Fragment(long objectId, long fragmentId, boolean start, boolean end, byte[] blob) {
    /** Size of the fragment header. */
    public static final int HEADER = 21;

    /** Writes this fragment into {@code b}. */
    public void writeTo(ByteBuffer b) {
        b.putLong(objectId).putLong(fragmentId).put((byte) ((start ? 1 : 0) | (end ? 2 : 0)))
                .putInt(blob.length).put(blob);
    }

    /** Bytes this fragment takes on the wire. */
    public int wireSize() {
        return HEADER + blob.length;
    }

    /**
     * Splits a packet payload into its fragments.
     *
     * @throws ProtocolException when a header is truncated or a length runs past the payload
     */
    public static List<Fragment> parseAll(byte[] payload) {
        List<Fragment> out = new ArrayList<>(1);
        ByteBuffer b = ByteBuffer.wrap(payload);
        while (b.hasRemaining()) {
            if (b.remaining() < HEADER) {
                throw new ProtocolException("truncated fragment header: " + b.remaining() + " bytes left of 21, at byte "
                        + b.position() + " of a " + payload.length + "-byte payload");
            }
            long oid = b.getLong();
            long fid = b.getLong();
            byte flags = b.get();
            int len = b.getInt();
            if (len < 0 || len > b.remaining()) {
                throw new ProtocolException("fragment " + oid + "/" + fid + " declares " + len + " bytes but "
                        + b.remaining() + " remain in the packet");
            }
            if ((flags & ~3) != 0) {
                throw new ProtocolException("fragment " + oid + "/" + fid + " has unknown flags 0x" + Integer.toHexString(flags & 0xFF));
            }
            byte[] blob = new byte[len];
            b.get(blob);
            out.add(new Fragment(oid, fid, (flags & 1) != 0, (flags & 2) != 0, blob));
        }
        return out;
    }
}
