package dev.exobridge.session;

import dev.exobridge.psrp.ProtocolException;
import dev.exobridge.psrp.PsrpMessages;
import dev.exobridge.psrp.clixml.CliXmlReader;
import dev.exobridge.psrp.clixml.PsObject;
import dev.exobridge.psrp.clixml.PsPrimitive;
import dev.exobridge.psrp.clixml.PsType;
import dev.exobridge.psrp.clixml.PsValue;
import dev.exobridge.scripts.PsScripts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Output batching (output-batch.ps1): the last step of a call's pipeline gathers the output and
 * sends each batch as one gzip-compressed CLIXML document written by PowerShell's own serialiser,
 * because pwsh spends most of a large output's time sending one message per object (and, for a
 * batch, escaping and encoding its text). The documents hold the objects exactly as
 * remoting would have serialised them (same depth rules, same type names), so the caller sees the
 * same values. A batch still pending when the call fails, is stopped or exits is taken afterwards
 * with {@link #take}.
 */
final class OutputBatch {
    /** Remoting's own serialisation depth for output. */
    static final int REMOTING_DEPTH = 1;
    static final String END_TYPE = "ExoBridge.BatchEnd";
    /** The step's one parameter (see output-batch.ps1 for why one). */
    private static final String PARAMETER = "ExoBridgeBatching";
    /** How many first objects of an output go unbatched, as remoting sends them. */
    private static final int DIRECT = 8;
    private static final String STEP = PsScripts.text("session/output-batch.ps1");

    private OutputBatch() {
    }

    /** The depth a call's batches are serialised at: the one asked for, or remoting's. */
    static int depth(Invocation inv) {
        return inv.depth() == null ? REMOTING_DEPTH : inv.depth();
    }

    /** The script of the batching step (also handed to the fast lane). */
    static String stepScript() {
        return STEP;
    }

    /**
     * The batching step of a pipeline, for the call whose pending batch is kept under {@code key}.
     * pwsh compiles it anew for each pipeline (a few milliseconds; a stub that kept it compiled
     * per runspace saved nothing measurable), which the fast lane avoids.
     */
    static PsrpMessages.Command step(Invocation inv, String key) {
        return new PsrpMessages.Command(STEP, true, List.of(new PsrpMessages.Argument(PARAMETER, settings(inv, key))),
                true);
    }

    /**
     * The step's settings for a call: its depth, its key, and how many first objects go as
     * remoting sends them (none when a depth is asked for: remoting would not honour it).
     */
    static Map<String, Object> settings(Invocation inv, String key) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Depth", depth(inv));
        m.put("Key", key);
        m.put("Direct", inv.depth() == null ? DIRECT : 0);
        return m;
    }

    /** The settings with one more switch turned on: {@code NoEndMarker} for the lane, {@code Take}. */
    static Map<String, Object> settings(Invocation inv, String key, String on) {
        Map<String, Object> m = settings(inv, key);
        m.put(on, true);
        return m;
    }

    /** The pipeline that takes (and forgets) the batch a failed or stopped call left behind. */
    static PsrpMessages.Command take(Invocation inv, String key) {
        return new PsrpMessages.Command(STEP, true, List.of(
                new PsrpMessages.Argument(PARAMETER, settings(inv, key, "Take"))), true);
    }

    /** Whether {@code v} is the batching step's end marker for the call whose key is {@code key}. */
    static boolean isEnd(PsValue v, String key) {
        return v instanceof PsObject o && !o.typeNames().isEmpty() && END_TYPE.equals(o.typeNames().get(0))
                && o.property("Key") instanceof PsPrimitive k && key.equals(k.value());
    }

    /** Whether {@code v} is a batch: every byte array leaving the step is one. */
    static boolean isBatch(PsValue v) {
        return v instanceof PsPrimitive p && p.type() == PsType.BYTE_ARRAY;
    }

    /**
     * The objects of one batch (a CLIXML document holding one list, in UTF-8, gzip-compressed
     * unless the batch is tiny), in order.
     *
     * @throws ProtocolException when the batch is not such a document
     */
    static List<PsValue> unpack(PsValue batch) {
        byte[] zipped = (byte[]) ((PsPrimitive) batch).value();
        String document;
        if (zipped.length > 1 && zipped[0] == (byte) 0x1f && zipped[1] == (byte) 0x8b) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped))) {
                document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ProtocolException("a batch of output is broken gzip data: " + e.getMessage(), e);
            }
        } else {
            document = new String(zipped, StandardCharsets.UTF_8);
        }
        List<PsValue> out = new ArrayList<>();
        for (PsValue list : serialized(document)) {
            if (!(list instanceof PsObject o) || o.container() != PsObject.Container.LIST) {
                throw new ProtocolException("a batch of output does not hold a list");
            }
            out.addAll(o.items());
        }
        return out;
    }

    /** A document that PSSerializer wrote inside pwsh: it has no session key, so SecureStrings are hex text. */
    static List<PsValue> serialized(String clixml) {
        return new CliXmlReader(CliXmlReader.serializerHexCipher()).readObjs(clixml);
    }
}
