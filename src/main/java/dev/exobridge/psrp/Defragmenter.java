package dev.exobridge.psrp;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Reassembles incoming fragments into whole messages. Checks that fragments of one object arrive
 * in order, start with a start fragment and that a message stays below a size limit. Not
 * thread-safe: one reader thread feeds it.
 */
public final class Defragmenter {
    /** Largest message accepted by default: 512 MiB. */
    public static final long DEFAULT_MAX_MESSAGE = 512L * 1024 * 1024;

    private final long maxMessage;
    private final Map<Long, Partial> partial = new HashMap<>();

    private static final class Partial {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long nextFragment = 1;
    }

    /** A defragmenter with the default size limit. */
    public Defragmenter() {
        this(DEFAULT_MAX_MESSAGE);
    }

    /** A defragmenter refusing messages larger than {@code maxMessage} bytes. */
    public Defragmenter(long maxMessage) {
        this.maxMessage = maxMessage;
    }

    /**
     * Adds one fragment.
     *
     * @return the whole message's bytes when this fragment ends one, else {@code null}
     * @throws ProtocolException for a fragment out of order or a message over the limit
     */
    public byte[] add(Fragment f) {
        if (f.start()) {
            if (partial.containsKey(f.objectId())) {
                throw new ProtocolException("fragment " + f.objectId() + "/0 starts a message that is already in progress");
            }
            if (f.fragmentId() != 0) {
                throw new ProtocolException("start fragment of object " + f.objectId() + " has id " + f.fragmentId() + ", not 0");
            }
            if (f.blob().length > maxMessage) {
                throw new ProtocolException("message " + f.objectId() + " exceeds the limit of " + maxMessage + " bytes");
            }
            if (f.end()) {
                return f.blob();
            }
            Partial p = new Partial();
            p.bytes.writeBytes(f.blob());
            partial.put(f.objectId(), p);
            return null;
        }
        Partial p = partial.get(f.objectId());
        if (p == null) {
            throw new ProtocolException("fragment " + f.objectId() + "/" + f.fragmentId() + " continues a message that never started");
        }
        if (f.fragmentId() != p.nextFragment) {
            throw new ProtocolException("fragment " + f.objectId() + "/" + f.fragmentId() + " arrived where fragment "
                    + p.nextFragment + " was expected");
        }
        if (p.bytes.size() + (long) f.blob().length > maxMessage) {
            partial.remove(f.objectId());
            throw new ProtocolException("message " + f.objectId() + " exceeds the limit of " + maxMessage + " bytes");
        }
        p.bytes.writeBytes(f.blob());
        p.nextFragment++;
        if (f.end()) {
            partial.remove(f.objectId());
            return p.bytes.toByteArray();
        }
        return null;
    }

    /** Messages started and not yet ended. */
    public int pending() {
        return partial.size();
    }
}
