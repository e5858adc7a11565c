package dev.exobridge.psrp;

import dev.exobridge.psrp.clixml.PsObject;
import dev.exobridge.psrp.clixml.PsPrimitive;
import dev.exobridge.psrp.clixml.PsType;
import dev.exobridge.psrp.clixml.PsValue;

/**
 * The objects exo-bridge's own scripts write into a pipeline's output to say where something
 * ends, beside the protocol's states: the fast lane's end of one call (fast-lane.ps1) and the
 * output batching step's end (output-batch.ps1), and the batches themselves. Pure code.
 */
public final class Markers {
    /** The type name of the fast lane's end-of-call marker. */
    public static final String CALL_END = "ExoBridge.CallEnd";
    /** The type name of the batching step's end marker. */
    public static final String BATCH_END = "ExoBridge.BatchEnd";

    private Markers() {
    }

    /**
     * The fast lane's end of a call.
     *
     * @param nonce the lane's random number (output that merely looks like a marker lacks it)
     * @param call  the call's id on the lane
     * @param error the serialised error record that ended the call, or {@code null} when it succeeded
     */
    public record CallEnd(long nonce, long call, String error) {
    }

    /** The lane's end-of-call marker {@code v} is, or {@code null} when it is none. */
    public static CallEnd callEnd(PsValue v) {
        if (!isOfType(v, CALL_END)) {
            return null;
        }
        PsObject o = (PsObject) v;
        if (!(o.property("Nonce") instanceof PsPrimitive n && n.value() instanceof Number nonce)
                || !(o.property("Call") instanceof PsPrimitive c && c.value() instanceof Number call)) {
            return null;
        }
        String error = o.property("Error") instanceof PsPrimitive e && e.value() instanceof String s ? s : null;
        return new CallEnd(nonce.longValue(), call.longValue(), error);
    }

    /** The key of the batching step's end marker {@code v} is, or {@code null} when it is none. */
    public static String batchEnd(PsValue v) {
        return isOfType(v, BATCH_END) && ((PsObject) v).property("Key") instanceof PsPrimitive k
                && k.value() instanceof String key ? key : null;
    }

    /** Whether {@code v} is a batch of output: every byte array leaving the batching step is one. */
    public static boolean isBatch(PsValue v) {
        return v instanceof PsPrimitive p && p.type() == PsType.BYTE_ARRAY;
    }

    private static boolean isOfType(PsValue v, String type) {
        return v instanceof PsObject o && !o.typeNames().isEmpty() && type.equals(o.typeNames().get(0));
    }
}
