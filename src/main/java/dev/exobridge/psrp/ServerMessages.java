package dev.exobridge.psrp;

import dev.exobridge.psrp.clixml.PsObject;
import dev.exobridge.psrp.clixml.PsPrimitive;
import dev.exobridge.psrp.clixml.PsValue;

/**
 * Reads what the server's pool-level messages carry (the counterpart of {@link PsrpMessages},
 * which builds the client's), beside {@link RunspacePoolState}, {@link PipelineState} and
 * {@link HostCall}. Pure code over decoded CLIXML values.
 */
public final class ServerMessages {
    private ServerMessages() {
    }

    /**
     * The base64 session key of an ENCRYPTED_SESSION_KEY body (for {@link SessionKey#accept}).
     *
     * @throws ProtocolException when the body does not carry one
     */
    public static String encryptedSessionKey(PsValue body) {
        String blob = body instanceof PsObject o ? text(o.property("EncryptedSessionKey")) : null;
        if (blob == null) {
            throw new ProtocolException("ENCRYPTED_SESSION_KEY without EncryptedSessionKey");
        }
        return blob;
    }

    /** The {@code PSVersionTable} of an APPLICATION_PRIVATE_DATA body, or {@code null} when it has none. */
    public static PsValue versionTable(PsValue body) {
        if (body instanceof PsObject o && o.property("ApplicationPrivateData") instanceof PsObject data) {
            for (PsObject.Entry e : data.entries()) {
                if ("PSVersionTable".equals(text(e.key()))) {
                    return e.value();
                }
            }
        }
        return null;
    }

    /** The text of a primitive or an object's ToString; {@code null} for null or absent. */
    public static String text(PsValue v) {
        if (v instanceof PsPrimitive p) {
            return p.value().toString();
        }
        if (v instanceof PsObject o) {
            if (o.baseValue() instanceof PsPrimitive p) {
                return p.value().toString();
            }
            return o.toStringValue();
        }
        return null;
    }

    static PsObject object(PsValue body, String what) {
        if (body instanceof PsObject o) {
            return o;
        }
        throw new ProtocolException("a " + what + " body is not an object: " + body);
    }

    /** An integer property (an enum's value or a number). */
    static int number(PsObject o, String property) {
        String s = text(o.property(property));
        if (s == null) {
            throw new ProtocolException("a message without its " + property);
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new ProtocolException("a message whose " + property + " is not a number: " + s, e);
        }
    }
}
