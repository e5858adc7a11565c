package dev.exobridge.psrp;

import dev.exobridge.psrp.clixml.PsObject;
import dev.exobridge.psrp.clixml.PsValue;

/**
 * The state of a runspace pool as RUNSPACEPOOL_STATE reports it (MS-PSRP 2.2.3.4, the
 * {@code RunspaceState} property), with the numeric codes on the wire.
 */
public enum RunspacePoolState {
    BEFORE_OPEN, OPENING, OPENED, CLOSED, CLOSING, BROKEN, NEGOTIATION_SENT, NEGOTIATION_SUCCEEDED, CONNECTING,
    DISCONNECTED;

    /** The state of a code (its ordinal, as in the protocol). */
    public static RunspacePoolState of(int code) {
        if (code < 0 || code >= values().length) {
            throw new ProtocolException("unknown runspace pool state " + code);
        }
        return values()[code];
    }

    /**
     * The state and its reason from a RUNSPACEPOOL_STATE body: {@code RunspaceState}, and
     * {@code ExceptionAsErrorRecord} when the pool broke.
     *
     * @throws ProtocolException when the body is not such an object
     */
    public static StateChange<RunspacePoolState> decode(PsValue body) {
        PsObject o = ServerMessages.object(body, "RUNSPACEPOOL_STATE");
        return new StateChange<>(of(ServerMessages.number(o, "RunspaceState")), o.property("ExceptionAsErrorRecord"));
    }
}
