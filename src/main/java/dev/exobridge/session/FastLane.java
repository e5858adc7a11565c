package dev.exobridge.session;

import dev.exobridge.psrp.Packet;
import dev.exobridge.psrp.PsrpMessages;
import dev.exobridge.psrp.clixml.PsObject;
import dev.exobridge.psrp.clixml.PsPrimitive;
import dev.exobridge.psrp.clixml.PsValue;
import dev.exobridge.scripts.PsScripts;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * The fast lane of a one-runspace session: one long-lived pipeline (fast-lane.ps1) fed one script
 * call per PIPELINE_INPUT, which pwsh answers in about a third of the time a new pipeline takes. Each
 * call's output, errors and records arrive on that pipeline in order and end with a marker
 * object carrying the lane's random nonce and the call's id. An error that ends the script fails
 * the lane's pipeline itself, as it would fail a pipeline of the call's own; a script that does
 * not parse gets its parse error serialised inside the marker. Stop, a timeout or an early close end the
 * whole lane, and the next call starts a new one. Calls with pipeline input take the ordinary
 * path (the lane is ended first, since both need the one runspace).
 *
 * <p>Not thread-safe: the session admits one call at a time while a lane exists.
 */
final class FastLane {
    static final String END_TYPE = "ExoBridge.CallEnd";
    private static final String SCRIPT = PsScripts.text("session/fast-lane.ps1");

    private final PwshSession session;
    private final long nonce = new SecureRandom().nextLong();
    private long nextCall = 1;
    private PipelineRun run;

    FastLane(PwshSession session) {
        this.session = session;
    }

    /**
     * Whether a call can take the lane: a script without pipeline input. A command keeps a
     * pipeline of its own, where an error that ends the command (not found, a parameter that does
     * not bind, ThrowTerminatingError) ends the call; on the lane it would end only a statement.
     */
    static boolean accepts(Invocation inv) {
        return inv.input() == null && inv.isScript();
    }

    /** The lane's pipeline, started when none runs; the call's id goes into {@code call}. */
    PipelineRun send(Invocation inv, String batchKey, Duration sendTimeout, long[] call)
            throws IOException, TimeoutException {
        if (run == null) {
            UUID pid = UUID.randomUUID();
            PipelineRun r = session.register(pid);
            try {
                Map<String, Object> lane = new LinkedHashMap<>();
                lane.put("Nonce", nonce);
                lane.put("BatchStep", OutputBatch.stepScript());
                session.createPipeline(pid, List.of(new PsrpMessages.Command(SCRIPT, true,
                        List.of(new PsrpMessages.Argument("__exoLane", lane)))), false, sendTimeout);
            } catch (IOException | TimeoutException | RuntimeException e) {
                session.release(r, true);
                throw e;
            }
            run = r;
        }
        call[0] = nextCall++;
        session.sendInput(run.id, request(inv, batchKey, call[0]), sendTimeout);
        return run;
    }

    /** The lane's pipeline ended (completed, failed, stopped or the session died). */
    void ended() {
        run = null;
    }

    /** Ends a running lane so that another pipeline can have the runspace. */
    void shutdown(Duration timeout) throws IOException, TimeoutException {
        PipelineRun r = run;
        if (r == null) {
            return;
        }
        run = null;
        session.sendEndOfInput(r.id, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (r.take(deadline).type() != dev.exobridge.psrp.MessageType.PIPELINE_STATE) {
            // Nothing is expected between calls; whatever comes is dropped with the lane.
        }
        session.release(r, true);
    }

    /** Whether {@code v} is this lane's end marker for call {@code id}. */
    boolean isEndMarker(PsValue v, long id) {
        if (!(v instanceof PsObject o) || o.typeNames().isEmpty() || !END_TYPE.equals(o.typeNames().get(0))) {
            return false;
        }
        return o.property("Nonce") instanceof PsPrimitive n && Long.valueOf(nonce).equals(n.value())
                && o.property("Call") instanceof PsPrimitive c && ((Number) c.value()).longValue() == id;
    }

    /** The serialised error record of a failed call's end marker, or {@code null} when it succeeded. */
    static String failure(PsValue marker) {
        PsValue e = ((PsObject) marker).property("Error");
        return e instanceof PsPrimitive p && p.value() instanceof String s ? s : null;
    }

    /**
     * An error as the call would have reported it in a pipeline of its own: without the lane's
     * frame at the end of the script stack trace, and without a position inside the lane script.
     */
    static PowerShellError withoutLane(PowerShellError e) {
        String trace = e.scriptStackTrace();
        if (trace != null) {
            trace = trace.replaceFirst("(^|\\r?\\n)at <ScriptBlock>, <No file>: line \\d+$", "");
            trace = trace.isEmpty() ? null : trace;
        }
        boolean lanePosition = e.positionMessage() != null && e.positionMessage().contains("$__exo");
        return new PowerShellError(e.message(), e.category(), e.categoryMessage(), e.activity(), e.reason(),
                e.targetName(), e.targetType(), e.fullyQualifiedErrorId(), e.targetObject(), e.exceptionType(),
                e.exceptionMessage(), trace, e.scriptName(), lanePosition ? 0 : e.line(), lanePosition ? 0 : e.column(),
                lanePosition ? null : e.positionMessage());
    }

    private static Map<String, Object> request(Invocation inv, String batchKey, long id) {
        Map<String, Object> named = new LinkedHashMap<>();
        List<Object> positional = new ArrayList<>();
        for (Invocation.Parameter p : inv.parameters()) {
            if (p.name() == null) {
                positional.add(p.value());
            } else {
                named.put(p.name(), p.value());
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("i", id);
        m.put("s", inv.text());
        m.put("n", named);
        m.put("p", positional);
        m.put("d", inv.depth() == null ? -1 : inv.depth());
        if (batchKey != null) {
            m.put("b", OutputBatch.settings(inv, batchKey, "NoEndMarker"));
        }
        return m;
    }
}
