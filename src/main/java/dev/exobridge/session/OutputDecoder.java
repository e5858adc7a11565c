package dev.exobridge.session;

import dev.exobridge.psrp.Markers;
import dev.exobridge.psrp.clixml.PsPrimitive;
import dev.exobridge.psrp.clixml.PsType;
import dev.exobridge.psrp.clixml.PsValue;
import java.util.function.Consumer;

/**
 * How a call's PIPELINE_OUTPUT values become the call's objects, chosen once per call by
 * {@link #of}: as remoting sent them; as documents PSSerializer wrote (a call with a depth and
 * no batching); or in batches from the batching step ({@link OutputBatch}).
 */
abstract class OutputDecoder {
    /** The objects {@code v} stands for, in order. */
    abstract void decode(PsValue v, Consumer<PsValue> out);

    /** Where the batching step keeps the call's pending batch, or {@code null} when it does not batch. */
    String batchKey() {
        return null;
    }

    /** Whether pwsh may still hold output of the call (a batch the step never sent). */
    boolean mayHoldBatch() {
        return false;
    }

    static OutputDecoder of(Invocation inv, String batchKey) {
        if (batchKey != null) {
            return new Batched(batchKey);
        }
        return inv.depth() != null ? SERIALIZED : AS_SENT;
    }

    private static final OutputDecoder AS_SENT = new OutputDecoder() {
        @Override
        void decode(PsValue v, Consumer<PsValue> out) {
            out.accept(v);
        }
    };

    /** With a depth, the call's script serialises each object itself (PSSerializer) into a string. */
    private static final OutputDecoder SERIALIZED = new OutputDecoder() {
        @Override
        void decode(PsValue v, Consumer<PsValue> out) {
            if (v instanceof PsPrimitive p && p.type() == PsType.STRING) {
                OutputBatch.serialized((String) p.value()).forEach(out);
            } else {
                out.accept(v);
            }
        }
    };

    private static final class Batched extends OutputDecoder {
        private final String key;
        private boolean ended;

        Batched(String key) {
            this.key = key;
        }

        @Override
        void decode(PsValue v, Consumer<PsValue> out) {
            // Every byte array is a batch; anything else is the step's end marker or an object
            // sent apart (a SecureString or credential, or the whole of a short output).
            if (Markers.isBatch(v)) {
                OutputBatch.unpack(v).forEach(out);
            } else if (key.equals(Markers.batchEnd(v))) {
                ended = true;
            } else {
                out.accept(v);
            }
        }

        @Override
        String batchKey() {
            return key;
        }

        @Override
        boolean mayHoldBatch() {
            return !ended;
        }
    }
}
