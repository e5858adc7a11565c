package dev.exobridge.psrp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * One PSRP message (MS-PSRP 2.2.1): destination, type, runspace-pool id, pipeline id and a
 * CLIXML body. On the wire: destination and type as little-endian 32-bit integers, both GUIDs in
 * .NET byte order, then the body in UTF-8 with a byte-order mark (none for an empty body).
 *
 * @param destination who the message is for
 * @param type        the message type
 * @param runspacePoolId the runspace pool
 * @param pipelineId  the pipeline, or the empty GUID for pool-level messages
 * @param body        the CLIXML body, without byte-order mark
 */
public record Message(Destination destination, MessageType type, UUID runspacePoolId, UUID pipelineId, String body) {

    /** Empty GUID used by messages that belong to no pipeline. */
    public static final UUID EMPTY = new UUID(0, 0);
    private static final int HEADER = 40;
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** The message's receiver. */
    public enum Destination {
        CLIENT(1), SERVER(2);

        private final int code;

        Destination(int code) {
            this.code = code;
        }

        static Destination of(int code) {
            return switch (code) {
                case 1 -> CLIENT;
                case 2 -> SERVER;
                default -> throw new ProtocolException("unknown PSRP message destination " + code);
            };
        }
    }

    public Message {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(runspacePoolId, "runspacePoolId");
        Objects.requireNonNull(pipelineId, "pipelineId");
        Objects.requireNonNull(body, "body");
    }

    /** The message as bytes (header, byte-order mark, UTF-8 body). */
    public byte[] encode() {
        byte[] text = body.getBytes(StandardCharsets.UTF_8);
        // An empty body goes without a byte-order mark, as pwsh sends it (and expects it, e.g.
        // END_OF_PIPELINE_INPUT with a lone BOM leaves the pipeline waiting for input).
        byte[] bom = text.length == 0 ? new byte[0] : BOM;
        ByteBuffer b = ByteBuffer.allocate(HEADER + bom.length + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(destination.code).putInt(type.code());
        putGuid(b, runspacePoolId);
        putGuid(b, pipelineId);
        b.put(bom).put(text);
        return b.array();
    }

    /**
     * Reads a message from its bytes.
     *
     * @throws ProtocolException when the bytes are too short, name an unknown type or are not UTF-8
     */
    public static Message decode(byte[] data) {
        if (data.length < HEADER) {
            throw new ProtocolException("PSRP message of " + data.length + " bytes is shorter than its 40-byte header");
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        Destination dest = Destination.of(b.getInt());
        MessageType type = MessageType.of(b.getInt());
        UUID rpid = getGuid(b);
        UUID pid = getGuid(b);
        int start = HEADER;
        if (data.length >= HEADER + 3 && data[HEADER] == BOM[0] && data[HEADER + 1] == BOM[1] && data[HEADER + 2] == BOM[2]) {
            start += 3;
        }
        String body;
        try {
            body = StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(data, start, data.length - start)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ProtocolException("the body of a " + type + " message is not valid UTF-8", e);
        }
        return new Message(dest, type, rpid, pid, body);
    }

    /** Writes a GUID in .NET's byte order: first three groups little-endian, the rest as is. */
    static void putGuid(ByteBuffer b, UUID id) {
        long msb = id.getMostSignificantBits();
        long lsb = id.getLeastSignificantBits();
        int a = (int) (msb >>> 32);
        short c1 = (short) (msb >>> 16);
        short c2 = (short) msb;
        ByteOrder order = b.order();
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(a).putShort(c1).putShort(c2);
        b.order(ByteOrder.BIG_ENDIAN).putLong(lsb);
        b.order(order);
    }

    static UUID getGuid(ByteBuffer b) {
        ByteOrder order = b.order();
        b.order(ByteOrder.LITTLE_ENDIAN);
        long a = b.getInt() & 0xFFFFFFFFL;
        long c1 = b.getShort() & 0xFFFFL;
        long c2 = b.getShort() & 0xFFFFL;
        b.order(ByteOrder.BIG_ENDIAN);
        long lsb = b.getLong();
        b.order(order);
        return new UUID((a << 32) | (c1 << 16) | c2, lsb);
    }

    @Override
    public String toString() {
        return type + " to " + destination + " pipeline " + pipelineId + " (" + body.length() + " chars)";
    }
}
