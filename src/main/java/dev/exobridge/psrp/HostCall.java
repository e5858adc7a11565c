package dev.exobridge.psrp;

import dev.exobridge.psrp.clixml.PsObject;
import dev.exobridge.psrp.clixml.PsValue;
import java.util.ArrayList;
import java.util.List;

/**
 * A host call from pwsh (RUNSPACEPOOL_HOST_CALL or PIPELINE_HOST_CALL, MS-PSRP 2.2.3.17): a
 * method of the host (ReadLine, PromptForCredential, WriteLine...) the server asks the client
 * to run.
 *
 * @param callId     {@code ci}; {@link #VOID_CALL} for a call that expects no response
 * @param method     the method's name ({@code mi}'s ToString)
 * @param methodId   the method's number ({@code mi}'s value)
 * @param parameters {@code mp}, in order
 */
public record HostCall(long callId, String method, int methodId, List<PsValue> parameters) {
    /** The call id of host calls that expect no response (writes to the console, progress). */
    public static final long VOID_CALL = -100;

    public HostCall {
        parameters = List.copyOf(parameters);
    }

    /** Whether pwsh waits for a response. */
    public boolean expectsResponse() {
        return callId != VOID_CALL;
    }

    /**
     * The host call of a message body.
     *
     * @throws ProtocolException when the body lacks {@code ci} or {@code mi}
     */
    public static HostCall decode(PsValue body) {
        PsObject call = ServerMessages.object(body, "host call");
        String ci = ServerMessages.text(call.property("ci"));
        if (ci == null) {
            throw new ProtocolException("a host call without its call id (ci)");
        }
        if (!(call.property("mi") instanceof PsObject mi)) {
            throw new ProtocolException("a host call without its method (mi)");
        }
        List<PsValue> params = new ArrayList<>();
        if (call.property("mp") instanceof PsObject mp) {
            params.addAll(mp.items());
        }
        try {
            return new HostCall(Long.parseLong(ci), mi.toStringValue(), Integer.parseInt(ServerMessages.text(mi)),
                    params);
        } catch (NumberFormatException e) {
            throw new ProtocolException("a host call with a malformed call or method id: " + e.getMessage(), e);
        }
    }
}
