package dev.exobridge.psrp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts outgoing messages into fragments and packs them into packet payloads. Object ids count
 * up from 1 for the life of a session. Not thread-safe: the session serialises its writes.
 */
public final class Fragmenter {
    /** Largest blob per fragment; the size pwsh itself uses. */
    public static final int DEFAULT_MAX_BLOB = 32_747;

    private final int maxBlob;
    private long nextObjectId = 1;

    /** A fragmenter with blobs of at most {@link #DEFAULT_MAX_BLOB} bytes. */
    public Fragmenter() {
        this(DEFAULT_MAX_BLOB);
    }

    /** A fragmenter with blobs of at most {@code maxBlob} bytes. */
    public Fragmenter(int maxBlob) {
        if (maxBlob < 1) {
            throw new IllegalArgumentException("maxBlob must be positive");
        }
        this.maxBlob = maxBlob;
    }

    /** The fragments of one message, in order. */
    public List<Fragment> fragment(Message m) {
        byte[] data = m.encode();
        long oid = nextObjectId++;
        List<Fragment> out = new ArrayList<>(data.length / maxBlob + 1);
        int pos = 0;
        long fid = 0;
        do {
            int n = Math.min(maxBlob, data.length - pos);
            out.add(new Fragment(oid, fid++, pos == 0, pos + n == data.length, Arrays.copyOfRange(data, pos, pos + n)));
            pos += n;
        } while (pos < data.length);
        return out;
    }

    /**
     * Packet payloads for these messages: one payload a fragment, so that each packet stays below
     * the server's own fragment size. Several small messages for one target can share a payload;
     * pass them together.
     */
    public List<byte[]> payloads(Message... messages) {
        List<byte[]> out = new ArrayList<>();
        List<Fragment> pending = new ArrayList<>();
        int size = 0;
        for (Message m : messages) {
            for (Fragment f : fragment(m)) {
                if (size + f.wireSize() > maxBlob + Fragment.HEADER && !pending.isEmpty()) {
                    out.add(pack(pending, size));
                    pending.clear();
                    size = 0;
                }
                pending.add(f);
                size += f.wireSize();
            }
        }
        if (!pending.isEmpty()) {
            out.add(pack(pending, size));
        }
        return out;
    }

    private static byte[] pack(List<Fragment> fragments, int size) {
        ByteBuffer b = ByteBuffer.allocate(size);
        for (Fragment f : fragments) {
            f.writeTo(b);
        }
        return b.array();
    }
}
