package dev.exobridge.session;

import dev.exobridge.json.ResultObject;
import dev.exobridge.psrp.HostCall;
import dev.exobridge.psrp.Markers;
import dev.exobridge.psrp.Message;
import dev.exobridge.psrp.PipelineState;
import dev.exobridge.psrp.ProtocolException;
import dev.exobridge.psrp.StateChange;
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
 * {@link ResultObject}s (with the call's {@link OutputDecoder}), records and errors into data
 * (and listener events), has host calls answered ({@link HostCalls}), and turns the final
 * pipeline state into the call's outcome. Also enforces the timeout (Stop once, then kill when
 * the grace runs out) and stops the pipeline when closed early. Not thread-safe: one consumer.
 */
final class CallCursor implements ResultStream {
    private static final Logger LOG = LoggerFactory.getLogger(CallCursor.class);
    /** Sends pipeline input while the caller consumes output, so neither side waits on the other. */
    private static final ExecutorService INPUT = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "exo-bridge-input");
        t.setDaemon(true);
        return t;
    });

    private final CallContext ctx;
    private final PipelineIo io;
    private final Invocation inv;
    private final boolean collect;
    private final CallRoute route;
    private final PipelineInbox inbox;
    private final OutputDecoder decoder;
    private final Deadline deadline;
    private final Runnable done;
    private final StreamListener listener;
    private final List<ResultObject> output = new ArrayList<>();
    private final List<PowerShellError> errors = new ArrayList<>();
    private final List<StreamRecord> records = new ArrayList<>();
    private final ArrayDeque<ResultObject> ready = new ArrayDeque<>();
    private boolean finished;
    private boolean stopping;
    /** When a Stop was sent: the one deadline for the pipeline's end ({@link System#nanoTime()}). */
    private long stopDeadline;
    private String refusedPrompt;
    private RuntimeException outcome;

    /**
     * @param collect whether output is kept for {@link #summary()} (invoke) or only handed out (stream)
     * @param done    gives the session back (runs once, when the call is over)
     */
    CallCursor(CallContext ctx, Invocation inv, boolean collect, CallRoute route, OutputDecoder decoder,
               Deadline deadline, Runnable done) {
        this.ctx = ctx;
        this.io = ctx.io();
        this.inv = inv;
        this.collect = collect;
        this.route = route;
        this.inbox = route.inbox();
        this.decoder = decoder;
        this.deadline = deadline;
        this.done = done;
        this.listener = inv.listener() == null ? StreamListener.NONE : inv.listener();
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && !finished) {
            if (!step(deadline.atNanos())) {
                onTimeout();
            }
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
        return new InvocationResult(new ArrayList<>(output), errors, records);
    }

    @Override
    public void close() {
        if (finished) {
            return;
        }
        inbox.discard();
        ready.clear();
        stopPipeline();
    }

    /** Sends Stop from another thread (a signal handler); the consumer sees the pipeline end. */
    @Override
    public void requestStop() {
        try {
            io.stop(inbox.id, ctx.stopGrace());
        } catch (Exception e) {
            LOG.debug("{}: stop requested, but sending it failed: {}", io, e.toString());
        }
    }

    /** The call could not be sent: forget it. */
    void abandon() {
        markFinished();
        io.close(inbox, false);
    }

    /** The call is over: its pipeline (or its lane) is no longer ours to read. */
    private void markFinished() {
        if (!finished) {
            finished = true;
            done.run();
        }
    }

    void pumpInput(List<?> values, Duration sendTimeout) {
        INPUT.execute(() -> {
            try {
                for (Object v : values) {
                    io.input(inbox.id, v, sendTimeout);
                }
                io.endInput(inbox.id, sendTimeout);
            } catch (Exception e) {
                LOG.debug("{}: sending input failed: {}", io, e.toString());
                inbox.fail(io.failure("sending pipeline input failed", e));
            }
        });
    }

    // ---- message handling --------------------------------------------------------------

    /**
     * Handles the next message, waiting for it until {@code until}.
     *
     * @return false when {@code until} passed first (the caller decides what a timeout means)
     */
    private boolean step(long until) {
        Message m;
        try {
            m = inbox.take(until);
        } catch (TimeoutException e) {
            return false;
        } catch (PipelineInbox.Failed f) {
            route.pipelineEnded();
            markFinished();
            io.close(inbox, false);
            outcome = f.getCause() instanceof RuntimeException r ? r : io.failure("the call failed", f.getCause());
            return true;
        }
        try {
            handle(m);
        } catch (SessionException e) {
            throw e;
        } catch (ProtocolException | ClassCastException | NullPointerException | NumberFormatException
                 | IndexOutOfBoundsException e) {
            // Garbage inside a message (or a message missing what the protocol says it holds)
            // breaks the session: nobody can trust what follows.
            io.kill();
            route.pipelineEnded();
            markFinished();
            outcome = new SessionDeadException("pwsh sent a malformed " + m.type() + " message: " + e.getMessage(),
                    null, List.of(), e);
        }
        return true;
    }

    private void handle(Message m) {
        RecordDecoder rd = ctx.records();
        switch (m.type()) {
            case PIPELINE_OUTPUT -> output(io.read(m));
            case ERROR_RECORD -> {
                PowerShellError err = route.asReported(rd.error(io.read(m)));
                errors.add(err);
                listener.onError(err);
            }
            case WARNING_RECORD -> record(rd.informational(StreamKind.WARNING, io.read(m)));
            case VERBOSE_RECORD -> record(rd.informational(StreamKind.VERBOSE, io.read(m)));
            case DEBUG_RECORD -> record(rd.informational(StreamKind.DEBUG, io.read(m)));
            case INFORMATION_RECORD -> record(rd.information(io.read(m)));
            case PROGRESS_RECORD -> record(rd.progress(io.read(m)));
            case PIPELINE_HOST_CALL -> {
                String refused = ctx.hostCalls().answer(io, inbox.id, HostCall.decode(io.read(m)), listener);
                refusedPrompt = refused != null ? refused : refusedPrompt;
            }
            case PIPELINE_STATE -> state(PipelineState.decode(io.read(m)));
            default -> LOG.debug("{}: ignoring {} on a pipeline", io, m.type());
        }
    }

    private void output(PsValue v) {
        if (stopping) {
            return;
        }
        Markers.CallEnd end = route.endOf(v);
        if (end != null) {
            laneCallEnded(end.error());
        } else {
            decoder.decode(v, this::emit);
        }
    }

    private void emit(PsValue v) {
        ResultObject o = ResultObject.of(v, ctx.mapper());
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
        end(serializedError == null ? null : ctx.records().error(OutputBatch.serialized(serializedError).get(0)));
    }

    /**
     * A call that failed, was stopped or exited never ran its batching step's end: take the batch
     * it still held, so that the output written before the end is not lost (after a Stop it is
     * only forgotten inside pwsh).
     */
    private void takeUnsent() {
        if (!decoder.mayHoldBatch() || !io.isAlive()) {
            return;
        }
        try {
            // After a Stop, the one stop deadline bounds this too.
            Duration budget = stopping ? Duration.ofNanos(Math.max(1, stopDeadline - System.nanoTime()))
                    : ctx.stopGrace();
            List<PsValue> unsent = OutputBatch.takeUnsent(io, inv, decoder.batchKey(), budget);
            if (!stopping) {
                unsent.forEach(this::emit);
            }
        } catch (Exception e) {
            LOG.warn("{}: could not take the output a failed call left unsent: {}", io, e.toString());
        }
    }

    /** The call's outcome: a refused prompt wins, then the error that ended it, if any. */
    private void end(PowerShellError failure) {
        InvocationResult partial = summary();
        if (refusedPrompt != null) {
            outcome = new HostPromptException(refusedPrompt, partial);
        } else if (failure != null) {
            outcome = new PowerShellErrorException(route.asReported(failure), partial);
        }
    }

    private void state(StateChange<PipelineState> change) {
        PipelineState state = change.state();
        if (!state.isFinal()) {
            return;
        }
        route.pipelineEnded();
        io.close(inbox, true);
        takeUnsent();
        markFinished();
        if (state == PipelineState.FAILED) {
            end(change.reason() != null ? ctx.records().error(change.reason())
                    : new PowerShellError("the pipeline failed without an error record", "NotSpecified", null, null,
                    null, null, null, null, null, null, null, null, null, 0, 0, null));
        } else if (state == PipelineState.STOPPED && !stopping && refusedPrompt == null) {
            outcome = new CallStoppedException("the call was stopped inside pwsh");
        } else {
            end(null);
        }
    }

    // ---- stop and timeout --------------------------------------------------------------

    private void onTimeout() {
        boolean killed = !stopPipeline();
        throw new InvocationTimeoutException(deadline.timeout(), killed, summary());
    }

    /**
     * Sends Stop once, then waits for the pipeline's end in one loop with one deadline (the stop
     * grace from now), whose only timeout means "kill now", as zt-exec's WaitForProcess does. The
     * worst case of a call is thus its timeout plus one grace. (Before, a grace that ran out inside
     * this loop re-entered it through the call's timeout and sent Stop again with a fresh grace.)
     *
     * @return false when the session had to be killed
     */
    private boolean stopPipeline() {
        stopping = true;
        inbox.discard();
        Duration grace = ctx.stopGrace();
        stopDeadline = System.nanoTime() + grace.toNanos();
        try {
            io.stop(inbox.id, grace);
            while (!finished) {
                if (!step(stopDeadline)) {
                    LOG.warn("{}: a pipeline did not stop within {}; killing the session", io, grace);
                    return killed();
                }
            }
            outcome = null;
            return true;
        } catch (Exception e) {
            LOG.warn("{}: stopping a pipeline failed ({}); killing the session", io, e.toString());
            return killed();
        }
    }

    private boolean killed() {
        route.pipelineEnded();
        markFinished();
        io.kill();
        return false;
    }
}
