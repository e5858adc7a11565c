package dev.exobridge.session;

import dev.exobridge.json.ResultObject;
import dev.exobridge.psrp.Message;
import dev.exobridge.psrp.ProtocolException;
import dev.exobridge.psrp.PsrpMessages;
import dev.exobridge.psrp.clixml.PsNull;
import dev.exobridge.psrp.clixml.PsObject;
import dev.exobridge.psrp.clixml.PsPrimitive;
import dev.exobridge.psrp.clixml.PsType;
import dev.exobridge.psrp.clixml.PsValue;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer side of one call: takes the pipeline's messages in order, turns output into
 * {@link ResultObject}s, records and errors into data (and listener events), answers host calls,
 * and turns the final pipeline state into the call's outcome. Also enforces the timeout (Stop,
 * then kill after the grace period) and stops the pipeline when closed early.
 */
final class CallCursor implements ResultStream {
    private static final Logger LOG = LoggerFactory.getLogger(CallCursor.class);
    /** Sends pipeline input while the caller consumes output, so neither side waits on the other. */
    private static final ExecutorService INPUT = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "exo-bridge-input");
        t.setDaemon(true);
        return t;
    });
    private static final long VOID_CALL = -100;
    private static final int STATE_STOPPED = 3;
    private static final int STATE_COMPLETED = 4;
    private static final int STATE_FAILED = 5;

    private final PwshSession session;
    private final PipelineRun run;
    private final Invocation inv;
    private final boolean collect;
    private final Duration timeout;
    private final long deadline;
    private final StreamListener listener;
    private final List<ResultObject> output = new ArrayList<>();
    private final List<PowerShellError> errors = new ArrayList<>();
    private final List<StreamRecord> records = new ArrayList<>();
    private final ArrayDeque<ResultObject> ready = new ArrayDeque<>();
    private final FastLane lane;
    private final long laneCall;
    private final String batchKey;
    private final Runnable done;
    private boolean finished;
    private boolean batchesEnded;
    private boolean stopping;
    private String refusedPrompt;
    private RuntimeException outcome;

    /**
     * @param lane     the fast lane the call runs on, or {@code null} for a pipeline of its own
     * @param laneCall the call's id on the lane
     * @param batchKey where the call's batching step keeps its pending batch, or {@code null}
     *                 when output comes object by object
     * @param done     gives the session back (runs once, when the call is over)
     */
    CallCursor(PwshSession session, PipelineRun run, Invocation inv, boolean collect, Duration timeout, long deadline,
               FastLane lane, long laneCall, String batchKey, Runnable done) {
        this.session = session;
        this.batchKey = batchKey;
        this.lane = lane;
        this.laneCall = laneCall;
        this.done = done;
        this.run = run;
        this.inv = inv;
        this.collect = collect;
        this.timeout = timeout;
        this.deadline = deadline;
        this.listener = inv.listener() == null ? StreamListener.NONE : inv.listener();
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && !finished) {
            step(deadline);
        }
        if (ready.isEmpty() && outcome != null) {
            RuntimeException e = outcome;
            outcome = null;
            throw e;
        }
        return !ready.isEmpty();
    }

    @Override
    public ResultObject next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the call has no more output");
        }
        return ready.removeFirst();
    }

    @Override
    public InvocationResult summary() {
        return PwshSession.result(output, errors, records);
    }

    @Override
    public void close() {
        if (finished) {
            return;
        }
        run.discard();
        ready.clear();
        stopPipeline();
    }

    /** Sends Stop from another thread (a signal handler); the consumer sees the pipeline end. */
    @Override
    public void requestStop() {
        try {
            session.signalStop(run.id, session.options().stopGrace());
        } catch (Exception e) {
            LOG.debug("{}: stop requested, but sending it failed: {}", session, e.toString());
        }
    }

    /** The call could not be sent: forget it. */
    void abandon() {
        markFinished();
        session.release(run, false);
    }

    /** The call is over: its pipeline (or its lane) is no longer ours to read. */
    private void markFinished() {
        if (!finished) {
            finished = true;
            done.run();
        }
    }

    /** On the lane, an error as a pipeline of the call's own would have reported it. */
    private PowerShellError laneless(PowerShellError e) {
        return lane == null ? e : FastLane.withoutLane(e);
    }

    /** The lane's pipeline itself ended: the next call starts a new lane. */
    private void laneEnded() {
        if (lane != null) {
            lane.ended();
        }
    }

    void pumpInput(List<?> values, Duration sendTimeout) {
        INPUT.execute(() -> {
            try {
                for (Object v : values) {
                    session.sendInput(run.id, v, sendTimeout);
                }
                session.sendEndOfInput(run.id, sendTimeout);
            } catch (Exception e) {
                LOG.debug("{}: sending input failed: {}", session, e.toString());
                run.fail(session.failure("sending pipeline input failed", e));
            }
        });
    }

    // ---- message handling --------------------------------------------------------------

    private void step(long until) {
        Message m;
        try {
            m = run.take(until);
        } catch (TimeoutException e) {
            onTimeout();
            return;
        } catch (PipelineRun.Failed f) {
            laneEnded();
            markFinished();
            session.release(run, false);
            outcome = f.getCause() instanceof RuntimeException r ? r : session.failure("the call failed", f.getCause());
            return;
        }
        try {
            handle(m);
        } catch (SessionException e) {
            throw e;
        } catch (ProtocolException | ClassCastException | NullPointerException | NumberFormatException
                 | IndexOutOfBoundsException e) {
            // Garbage inside a message (or a message missing what the protocol says it holds)
            // breaks the session: nobody can trust what follows.
            session.kill();
            laneEnded();
            markFinished();
            outcome = new SessionDeadException("pwsh sent a malformed " + m.type() + " message: " + e.getMessage(),
                    null, List.of(), e);
        }
    }

    private void handle(Message m) {
        switch (m.type()) {
            case PIPELINE_OUTPUT -> output(read(m));
            case ERROR_RECORD -> {
                PowerShellError err = laneless(session.records().error(read(m)));
                errors.add(err);
                listener.onError(err);
            }
            case WARNING_RECORD -> record(session.records().informational(StreamKind.WARNING, read(m)));
            case VERBOSE_RECORD -> record(session.records().informational(StreamKind.VERBOSE, read(m)));
            case DEBUG_RECORD -> record(session.records().informational(StreamKind.DEBUG, read(m)));
            case INFORMATION_RECORD -> record(session.records().information(read(m)));
            case PROGRESS_RECORD -> record(session.records().progress(read(m)));
            case PIPELINE_HOST_CALL -> hostCall(read(m));
            case PIPELINE_STATE -> state(read(m));
            default -> LOG.debug("{}: ignoring {} on a pipeline", session, m.type());
        }
    }

    /** The message's value; pwsh sends {@code $null} output as an empty body. */
    private PsValue read(Message m) {
        return m.body().isEmpty() ? PsNull.INSTANCE : session.reader().read(m.body());
    }

    private void output(PsValue v) {
        if (stopping) {
            return;
        }
        if (lane != null && lane.isEndMarker(v, laneCall)) {
            laneCallEnded(FastLane.failure(v));
            return;
        }
        if (batchKey != null) {
            // Every byte array is a batch; anything else is the step's end marker or an object
            // sent apart (a SecureString or credential, or the whole of a short output).
            if (OutputBatch.isBatch(v)) {
                OutputBatch.unpack(v).forEach(this::emit);
            } else if (OutputBatch.isEnd(v, batchKey)) {
                batchesEnded = true;
            } else {
                emit(v);
            }
        } else if (inv.depth() != null && v instanceof PsPrimitive p && p.type() == PsType.STRING) {
            for (PsValue each : OutputBatch.serialized((String) p.value())) {
                emit(each);
            }
        } else {
            emit(v);
        }
    }

    private void emit(PsValue v) {
        ResultObject o = ResultObject.of(v, session.mapper());
        if (collect) {
            output.add(o);
        }
        ready.addLast(o);
    }

    private void record(StreamRecord r) {
        records.add(r);
        listener.onRecord(r);
    }

    /** The lane's marker for this call: the call is over; a failed one ends with its error record. */
    private void laneCallEnded(String serializedError) {
        markFinished();
        end(serializedError == null ? null
                : session.records().error(OutputBatch.serialized(serializedError).get(0)));
    }

    /**
     * A call that failed, was stopped or exited never ran its batching step's end: take the batch
     * it still held, so that the output written before the end is not lost (after a Stop it is
     * only forgotten inside pwsh).
     */
    private void takeUnsent() {
        if (batchKey == null || batchesEnded || !session.isAlive()) {
            return;
        }
        try {
            List<PsValue> unsent = session.takeUnsent(inv, batchKey, session.options().stopGrace());
            if (!stopping) {
                unsent.forEach(this::emit);
            }
        } catch (Exception e) {
            LOG.warn("{}: could not take the output a failed call left unsent: {}", session, e.toString());
        }
    }

    /** The call's outcome: a refused prompt wins, then the error that ended it, if any. */
    private void end(PowerShellError failure) {
        InvocationResult partial = summary();
        if (refusedPrompt != null) {
            outcome = new HostPromptException(refusedPrompt, partial);
        } else if (failure != null) {
            outcome = new PowerShellErrorException(laneless(failure), partial);
        }
    }

    private void state(PsValue v) {
        PsObject o = (PsObject) v;
        String s = RecordDecoder.text(o.property("PipelineState"));
        int state = s == null ? -1 : Integer.parseInt(s);
        if (state != STATE_STOPPED && state != STATE_COMPLETED && state != STATE_FAILED) {
            return;
        }
        laneEnded();
        session.release(run, true);
        takeUnsent();
        markFinished();
        if (state == STATE_FAILED) {
            PsValue rec = o.property("ExceptionAsErrorRecord");
            end(rec != null ? session.records().error(rec)
                    : new PowerShellError("the pipeline failed without an error record", "NotSpecified", null, null,
                    null, null, null, null, null, null, null, null, null, 0, 0, null));
        } else if (state == STATE_STOPPED && !stopping && refusedPrompt == null) {
            outcome = new SessionException("the call was stopped inside pwsh");
        } else {
            end(null);
        }
    }

    private void hostCall(PsValue v) {
        PsObject call = (PsObject) v;
        long ci = Long.parseLong(RecordDecoder.text(call.property("ci")));
        PsObject mi = (PsObject) call.property("mi");
        String method = mi.toStringValue();
        int methodId = Integer.parseInt(RecordDecoder.text(mi));
        List<com.fasterxml.jackson.databind.JsonNode> params = new ArrayList<>();
        if (call.property("mp") instanceof PsObject mp) {
            for (PsValue p : mp.items()) {
                params.add(session.mapper().toJson(p));
            }
        }
        if (ci == VOID_CALL) {
            // Nothing to answer (WriteLine, Write, SetShouldExit, ...): the listener may show it.
            listener.onHostCall(new HostHandler.Call(method, params));
            return;
        }
        HostHandler handler = session.options().hostHandler();
        Message response;
        if (handler == null) {
            refusedPrompt = method;
            response = PsrpMessages.hostErrorResponse(session.poolId(), run.id, ci, method, methodId,
                    "exo-bridge: no one answers prompts in this session (" + method + ")");
        } else {
            try {
                Object answer = handler.answer(new HostHandler.Call(method, params));
                response = PsrpMessages.hostValueResponse(session.poolId(), run.id, ci, method, methodId, answer,
                        session.cipher());
            } catch (Exception e) {
                refusedPrompt = method;
                response = PsrpMessages.hostErrorResponse(session.poolId(), run.id, ci, method, methodId,
                        "exo-bridge: the host handler refused " + method + ": " + e.getMessage());
            }
        }
        try {
            session.sendHostResponse(run.id, response);
        } catch (Exception e) {
            throw session.failure("answering a prompt failed", e);
        }
    }

    // ---- stop and timeout --------------------------------------------------------------

    private void onTimeout() {
        boolean killed = !stopPipeline();
        throw new InvocationTimeoutException(timeout, killed, summary());
    }

    /** Sends Stop and waits up to the grace period for the pipeline to end; false when it was killed. */
    private boolean stopPipeline() {
        stopping = true;
        run.discard();
        Duration grace = session.options().stopGrace();
        long until = System.nanoTime() + grace.toNanos();
        try {
            session.signalStop(run.id, grace);
            while (!finished) {
                step(until);
            }
            outcome = null;
            return true;
        } catch (InvocationTimeoutException e) {
            LOG.warn("{}: a pipeline did not stop within {}; killing the session", session, grace);
        } catch (Exception e) {
            LOG.warn("{}: stopping a pipeline failed ({}); killing the session", session, e.toString());
        }
        laneEnded();
        markFinished();
        session.kill();
        return false;
    }
}
