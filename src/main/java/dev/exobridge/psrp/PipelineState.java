package dev.exobridge.psrp;

import dev.exobridge.psrp.clixml.PsObject;
import dev.exobridge.psrp.clixml.PsValue;

/**
 * The state of a pipeline as PIPELINE_STATE reports it (MS-PSRP 2.2.3.5, the
 * {@code PipelineState} property: PowerShell's {@code PSInvocationState}), with the numeric codes
 * on the wire.
 */
public enum PipelineState {
    NOT_STARTED, RUNNING, STOPPING, STOPPED, COMPLETED, FAILED, DISCONNECTED;

    /** The state of a code (its ordinal, as in the protocol). */
    public static PipelineState of(int code) {
        if (code < 0 || code >= values().length) {
            throw new ProtocolException("unknown pipeline state " + code);
        }
        return values()[code];
    }

    /** Whether the pipeline is over: stopped, completed or failed. */
    public boolean isFinal() {
        return this == STOPPED || this == COMPLETED || this == FAILED;
    }

    /**
     * The state and its reason from a PIPELINE_STATE body: {@code PipelineState}, and
     * {@code ExceptionAsErrorRecord} when the pipeline failed (or was stopped).
     *
     * @throws ProtocolException when the body is not such an object
     */
    public static StateChange<PipelineState> decode(PsValue body) {
        PsObject o = ServerMessages.object(body, "PIPELINE_STATE");
        return new StateChange<>(of(ServerMessages.number(o, "PipelineState")), o.property("ExceptionAsErrorRecord"));
    }
}
