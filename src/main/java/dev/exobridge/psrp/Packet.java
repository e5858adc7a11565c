package dev.exobridge.psrp;

import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * One packet of the out-of-process transport (what {@code pwsh -s} reads and writes, one XML
 * element a line): {@code Data} with a base64 payload of fragments, or a control packet
 * ({@code Command}, {@code Close}, {@code Signal} and their acknowledgements, {@code DataAck}).
 *
 * @param kind    the element name
 * @param guid    the runspace pool (empty GUID) or pipeline it concerns
 * @param stream  for {@code Data}: {@code Default} or {@code PromptResponse}; else {@code null}
 * @param payload for {@code Data}: the fragments' bytes; else {@code null}
 */
public record Packet(Kind kind, UUID guid, String stream, byte[] payload) {

    /** Packet element names. */
    public enum Kind { Data, DataAck, Command, CommandAck, Close, CloseAck, Signal, SignalAck }

    /** The stream of ordinary data. */
    public static final String DEFAULT_STREAM = "Default";
    /** The stream of host-call responses. */
    public static final String PROMPT_RESPONSE_STREAM = "PromptResponse";

    public Packet {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(guid, "guid");
        if ((kind == Kind.Data) != (payload != null)) {
            throw new IllegalArgumentException("only Data packets carry a payload");
        }
    }

    /** A Data packet on the default stream. */
    public static Packet data(UUID guid, byte[] payload) {
        return new Packet(Kind.Data, guid, DEFAULT_STREAM, payload);
    }

    /** A control packet without payload. */
    public static Packet control(Kind kind, UUID guid) {
        return new Packet(kind, guid, null, null);
    }

    /** The packet as one line of text, without the line break. */
    public String format() {
        if (kind == Kind.Data) {
            return "<Data Stream='" + stream + "' PSGuid='" + guid + "'>"
                    + Base64.getEncoder().encodeToString(payload) + "</Data>";
        }
        return "<" + kind + " PSGuid='" + guid + "' />";
    }

    /**
     * Parses one line the server wrote.
     *
     * @throws ProtocolException naming what is wrong with the line (a shortened copy of it included)
     */
    public static Packet parse(String line) {
        String s = line.strip();
        if (s.length() < 3 || s.charAt(0) != '<') {
            throw bad(line, "it is not an XML element");
        }
        int nameEnd = 1;
        while (nameEnd < s.length() && Character.isLetter(s.charAt(nameEnd))) {
            nameEnd++;
        }
        Kind kind;
        try {
            kind = Kind.valueOf(s.substring(1, nameEnd));
        } catch (IllegalArgumentException e) {
            throw bad(line, "unknown packet element <" + s.substring(1, nameEnd) + ">");
        }
        UUID guid = guid(line, s, attr(s, "PSGuid", line));
        if (kind != Kind.Data) {
            if (!s.endsWith("/>")) {
                throw bad(line, "a <" + kind + "> packet must be an empty element");
            }
            return control(kind, guid);
        }
        String stream = attr(s, "Stream", line);
        // Attributes are found by search, not by an XML parser: a value holding another
        // attribute's text would be read twice over, so the stream must be one pwsh writes.
        if (!stream.equals(DEFAULT_STREAM) && !stream.equals(PROMPT_RESPONSE_STREAM)) {
            throw bad(line, "unknown stream '" + stream + "' (Default or PromptResponse)");
        }
        int open = s.indexOf('>');
        int close = s.lastIndexOf("</Data>");
        if (open < 0 || close < open || close + 7 != s.length()) {
            throw bad(line, "a <Data> packet must hold its payload and end with </Data>");
        }
        byte[] payload;
        try {
            payload = Base64.getDecoder().decode(s.substring(open + 1, close));
        } catch (IllegalArgumentException e) {
            throw bad(line, "its payload is not base64 (" + e.getMessage() + ")");
        }
        return new Packet(kind, guid, stream, payload);
    }

    private static String attr(String s, String name, String line) {
        int at = s.indexOf(" " + name + "='");
        if (at < 0) {
            throw bad(line, "attribute " + name + " is missing");
        }
        int start = at + name.length() + 3;
        int end = s.indexOf('\'', start);
        if (end < 0) {
            throw bad(line, "attribute " + name + " is not closed");
        }
        return s.substring(start, end);
    }

    private static UUID guid(String line, String s, String text) {
        try {
            if (text.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw bad(line, "PSGuid '" + text + "' is not a GUID");
        }
    }

    private static ProtocolException bad(String line, String why) {
        String shown = line.length() > 120 ? line.substring(0, 120) + "..." : line;
        return new ProtocolException("bad packet from pwsh: " + why + ": " + shown);
    }

    @Override
    public String toString() {
        return kind + " " + guid + (payload != null ? " (" + payload.length + " bytes)" : "");
    }
}
