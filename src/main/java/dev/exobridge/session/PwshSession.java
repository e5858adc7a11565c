package dev.exobridge.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exobridge.ShutdownHook;
import dev.exobridge.json.PsJsonMapper;
import dev.exobridge.psrp.Message;
import dev.exobridge.psrp.Packet;
import dev.exobridge.psrp.ProtocolException;
import dev.exobridge.psrp.PsrpMessages;
import dev.exobridge.pwsh.LeftoverSockets;
import dev.exobridge.pwsh.ProcessTree;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live {@code pwsh -s} process and its runspace pool, spoken to over MS-PSRP. Start it with
 * {@link #start(SessionOptions)}, run calls with {@link #invoke(Invocation)} or
 * {@link #stream(Invocation)}, and {@link #close()} it (the protocol's close, then terminate,
 * then kill the process tree). Thread-safe: up to {@link SessionOptions#runspaces()} calls run at
 * once, further ones wait inside pwsh for a free runspace.
 *
 * <p>"Alive" ({@link #isAlive()}: the process runs and the transport works) and "ready"
 * ({@link #isReady()}: alive, opened and not closing) are separate questions.
 */
public final class PwshSession implements AutoCloseable {
    /*
     * What guards what, and who may block:
     * - The reader thread (PacketChannel) hands pool messages to RunspacePoolHandler and pipeline
     *   messages to Pipelines; it blocks only on a full inbox (back-pressure), never on a caller.
     * - CallAdmission's turn (a fair semaphore of one) admits one call at a time while a fast lane
     *   exists; a caller blocks on it up to its call's timeout, close() up to the close timeout.
     * - SessionDeath makes the death a once-only transition (markDead).
     * - close() is synchronized on this; kill() takes no lock, so any thread may kill at once.
     * - Sends are serialised inside PacketChannel; a sender blocks for acknowledgements up to its
     *   timeout. The key exchange starts once, under KeyExchange's own lock.
     * - closing is set once and never cleared; a CallCursor belongs to one consumer thread.
     */
    private static final Logger LOG = LoggerFactory.getLogger(PwshSession.class);
    private static final AtomicLong COUNTER = new AtomicLong();

    private final SessionOptions options;
    private final Process process;
    private final String name;
    private final UUID poolId = UUID.randomUUID();
    private final PacketChannel channel;
    private final Pipelines pipelines;
    private final RunspacePoolHandler pool;
    private final CallContext calls;
    private final SessionDeath death;
    private volatile boolean closing;
    private final FastLane lane;
    private final CallAdmission admission;
    private final Leftovers leftovers;

    private PwshSession(SessionOptions options, Process process) {
        this.options = options;
        this.process = process;
        this.name = "pwsh-" + COUNTER.incrementAndGet() + "[" + process.pid() + "]";
        PsJsonMapper mapper = new PsJsonMapper(options.jsonOptions());
        RecordDecoder records = new RecordDecoder(mapper);
        this.channel = new PacketChannel(process, name, this::dispatch, this::onTransportFailure,
                Transcript.open(options.transcriptDirectory()));
        KeyExchange keys = new KeyExchange(channel, poolId, options.openTimeout(), this::failure);
        this.pool = new RunspacePoolHandler(name, mapper, records, keys, this::markDead);
        this.pipelines = new Pipelines(channel, poolId, keys.cipher(), options, this);
        this.calls = new CallContext(pipelines, mapper, records, new HostCalls(options.hostHandler(), mapper),
                options.stopGrace());
        this.lane = options.fastLane() ? new FastLane(pipelines) : null;
        this.admission = new CallAdmission(lane != null);
        this.leftovers = new Leftovers(process.pid(), ProcessLauncher.ownSession(options),
                LeftoverSockets.tempDirectory(options.environment()));
        this.death = new SessionDeath(name, process, channel, pipelines, leftovers);
    }

    /**
     * Starts pwsh and opens its runspace pool; returns when the first call can run.
     *
     * @throws SessionStartException when pwsh cannot be started or does not open in time (the
     *                               message says which, with pwsh's stderr)
     * @throws dev.exobridge.pwsh.PwshPrerequisiteException when no suitable pwsh is found
     */
    public static PwshSession start(SessionOptions options) {
        Objects.requireNonNull(options, "options");
        return start(options, ProcessLauncher.launch(options));
    }

    /** Opens a session on {@code process}, just launched for {@code options}. */
    static PwshSession start(SessionOptions options, Process process) {
        PwshSession s = new PwshSession(options, process);
        s.open();
        ShutdownHook.register(s);
        return s;
    }

    /**
     * Starts the pwsh process that {@link #start} would, without waiting for it: the session is
     * made later with {@link PendingPwsh#open}, so that pwsh's own start overlaps the caller's
     * work meanwhile. Close the pending pwsh if it is not opened.
     *
     * @throws SessionStartException when pwsh cannot be started
     * @throws dev.exobridge.pwsh.PwshPrerequisiteException when no suitable pwsh is found
     */
    public static PendingPwsh launch(SessionOptions options) {
        Objects.requireNonNull(options, "options");
        return new PendingPwsh(options, ProcessLauncher.launch(options));
    }

    /** Starts a session with the default options. */
    public static PwshSession start() {
        return start(SessionOptions.defaults());
    }

    private void open() {
        long t0 = System.nanoTime();
        channel.start();
        try {
            channel.sendData(Message.EMPTY, Packet.DEFAULT_STREAM, options.openTimeout(),
                    PsrpMessages.sessionCapability(poolId),
                    PsrpMessages.initRunspacePool(poolId, 1, options.runspaces(), true));
            long left = Math.max(1, options.openTimeout().toNanos() - (System.nanoTime() - t0));
            pool.opened().get(left, TimeUnit.NANOSECONDS);
            if (options.modulePathFirst() != null) {
                // The variable is the process's, so every runspace of the pool sees it.
                long rest = Math.max(1, options.openTimeout().toNanos() - (System.nanoTime() - t0));
                invoke(Invocation.script("param($Dir) $env:PSModulePath = $Dir + [IO.Path]::PathSeparator + $env:PSModulePath")
                        .param("Dir", options.modulePathFirst().toString()).timeout(Duration.ofNanos(rest)).build());
            }
            LOG.debug("{}: opened in {} ms", name, (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            String why = e instanceof TimeoutException || cause instanceof TimeoutException
                    ? "did not open its runspace pool within " + options.openTimeout()
                    : "failed while opening: " + cause.getMessage();
            List<String> tail = channel.stderrTail();
            kill();
            throw new SessionStartException("pwsh " + name + " " + why
                    + (tail.isEmpty() ? "" : "; stderr:\n  " + String.join("\n  ", tail)), cause);
        }
    }

    // ---- calls -------------------------------------------------------------------------

    /**
     * Runs a call to its end and returns everything it produced.
     *
     * @throws PowerShellErrorException    on a terminating error
     * @throws InvocationTimeoutException  when the timeout ran out (the call was stopped)
     * @throws HostPromptException         when the script asked for input nobody answers
     * @throws SessionDeadException        when pwsh died or broke the protocol
     */
    public InvocationResult invoke(Invocation invocation) {
        try (CallCursor c = begin(invocation, true)) {
            while (c.hasNext()) {
                c.next();
            }
            return c.summary();
        }
    }

    /** Runs a script text and returns its result; a shorthand for {@code invoke(Invocation.script(s).build())}. */
    public InvocationResult invoke(String script) {
        return invoke(Invocation.script(script).build());
    }

    /** Starts a call whose output is consumed object by object; close the stream when done. */
    public ResultStream stream(Invocation invocation) {
        return begin(invocation, false);
    }

    private CallCursor begin(Invocation inv, boolean collect) {
        checkReady();
        Deadline deadline = Deadline.after(inv.timeout() != null ? inv.timeout() : options.defaultTimeout());
        Duration sendTimeout = deadline.isNone() ? options.openTimeout() : deadline.timeout();
        Runnable done = admission.admit(deadline);
        boolean batched = inv.batchOutput() != null ? inv.batchOutput() : options.batchOutput();
        OutputDecoder decoder = OutputDecoder.of(inv, batched ? UUID.randomUUID().toString() : null);
        boolean first = lane != null && admission.firstCall();
        try {
            if (lane != null && FastLane.accepts(inv) && !first) {
                CallRoute route = lane.send(inv, decoder.batchKey(), sendTimeout);
                return new CallCursor(calls, inv, collect, route, decoder, deadline, done);
            }
            if (lane != null) {
                lane.shutdown(sendTimeout);
            }
        } catch (IOException | TimeoutException e) {
            done.run();
            throw sendFailure(e, deadline);
        } catch (RuntimeException e) {
            done.run();
            throw e;
        }
        UUID pid = UUID.randomUUID();
        CallCursor cursor = new CallCursor(calls, inv, collect, CallRoute.own(pipelines.open(pid)), decoder, deadline,
                done);
        try {
            pipelines.create(pid, PipelineBuilder.commands(inv, decoder.batchKey()), inv.input() == null, sendTimeout);
            if (inv.input() != null) {
                cursor.pumpInput(inv.input(), sendTimeout);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            cursor.abandon();
            throw e;
        } catch (IOException | TimeoutException e) {
            cursor.abandon();
            throw sendFailure(e, deadline);
        }
        return cursor;
    }

    /**
     * The failure of a call that could not be sent. pwsh not acknowledging it within the call's
     * own timeout (frozen, say) is that call's timeout: the session is killed at once, as when a
     * Stop goes unanswered, since its state is unknown. Before, it was a plain transport failure
     * and the frozen process lived on until a graceful close gave up on it.
     */
    private SessionException sendFailure(Exception e, Deadline deadline) {
        if (e instanceof TimeoutException && !deadline.isNone() && death.record() == null) {
            LOG.warn("{}: pwsh did not take the call within its timeout {}; killing it", name, deadline.timeout());
            kill();
            return new InvocationTimeoutException(deadline.timeout(), true, new InvocationResult(List.of(), List.of(),
                    List.of()));
        }
        return failure("sending the call failed", e);
    }

    // ---- incoming ----------------------------------------------------------------------

    private void dispatch(Message m) {
        if (m.pipelineId().equals(Message.EMPTY)) {
            pool.handle(m);
        } else {
            pipelines.deliver(m);
        }
    }

    private void onTransportFailure(Throwable cause) {
        pool.opened().completeExceptionally(cause);
        if (closing && death.record() == null) {
            markDead("the session was closed", cause);
            return;
        }
        String what = cause instanceof ProtocolException ? "pwsh broke the protocol: " + cause.getMessage()
                : "pwsh " + name + " died";
        markDead(what, cause);
        if (cause instanceof ProtocolException) {
            LOG.warn("{}: {}; killing it", name, cause.getMessage());
            kill();
        }
    }

    /** The session dies, once ({@link SessionDeath}); the record every caller sees. */
    private SessionDeadException markDead(String what, Throwable cause) {
        return death.mark(what, cause, closing);
    }

    // ---- state and life cycle ----------------------------------------------------------

    /** Whether the process runs and the transport works. */
    public boolean isAlive() {
        return death.record() == null && process.isAlive();
    }

    /** Whether calls can start now: alive, opened and not closing. */
    public boolean isReady() {
        return isAlive() && !closing && pool.opened().isDone() && !pool.opened().isCompletedExceptionally();
    }

    /**
     * The server's {@code $PSVersionTable} as pwsh announced it when the pool opened (PSVersion,
     * PSEdition, OS, Platform, ...), or JSON null if it sent none.
     */
    public JsonNode versionTable() {
        return pool.versionTable();
    }

    /** The pwsh process id. */
    public long pid() {
        return process.pid();
    }

    /** The process handle, for supervision. */
    public ProcessHandle processHandle() {
        return process.toHandle();
    }

    /** Calls running now (the fast lane's pipeline waiting for the next call is not one). */
    public int activeCalls() {
        return admission.running();
    }

    /** The failure that ended the session, or {@code null} while it lives. */
    public SessionDeadException deathCause() {
        return death.record();
    }

    private void checkReady() {
        SessionDeadException d = death.record();
        if (d != null) {
            throw d;
        }
        if (closing) {
            throw new SessionException("the session " + name + " is closed");
        }
        if (!process.isAlive()) {
            throw markDead("pwsh " + name + " has exited", null);
        }
    }

    /** The failure to report for {@code cause}: the session's death when it died, else a plain one. */
    SessionException failure(String what, Throwable cause) {
        return death.failure(what, cause, closing);
    }

    /** Kills the process tree at once; calls in flight fail with {@link SessionDeadException}. */
    public void kill() {
        closing = true;
        ShutdownHook.unregister(this);
        ProcessTree.destroy(process.toHandle(), Duration.ZERO);
        leftovers.clean();
        channel.closeInput();
        markDead("the session was killed", null);
    }

    /**
     * Closes the session: the protocol's close (bounded by the close timeout); once pwsh has
     * acknowledged it, the process tree is terminated (SIGTERM, then a kill after the stop
     * grace); without the acknowledgement, end of input first, a wait up to the close timeout,
     * then the same. Idempotent; never throws.
     */
    @Override
    public synchronized void close() {
        ShutdownHook.unregister(this);
        if (closing && !process.isAlive()) {
            return;
        }
        closing = true;
        boolean laneHeld = false;
        boolean acknowledged = false;
        if (death.record() == null && process.isAlive()) {
            laneHeld = endLane();
            try {
                channel.sendAndAwait(Packet.control(Packet.Kind.Close, Message.EMPTY), Packet.Kind.CloseAck,
                        options.closeTimeout());
                acknowledged = true;
            } catch (IOException | TimeoutException e) {
                LOG.debug("{}: protocol close: {}", name, e.toString());
            }
        }
        if (acknowledged) {
            // After CloseAck the runspace pool is closed (its exit handlers have run) and pwsh has
            // nothing left to do. It would notice the end of its input only as an empty line,
            // which it reports on stderr as 'An unknown element "" was received' before exiting,
            // so it is terminated instead, which is quicker too.
            ProcessTree.destroy(process.toHandle(), options.stopGrace());
            channel.closeInput();
        } else {
            channel.closeInput();
            try {
                if (!process.waitFor(options.closeTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.debug("{}: still running after close; terminating", name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ProcessTree.destroy(process.toHandle(), options.stopGrace());
        }
        leftovers.clean();
        markDead("the session was closed", null);
        if (laneHeld) {
            admission.giveBackAfterClose();
        }
        LOG.debug("{}: closed", name);
    }

    /**
     * Ends the fast lane's pipeline, after the call using it (if any, within the close timeout):
     * pwsh answers the protocol's close only once its pipelines are over, so a lane left running
     * would hold every close for the whole close timeout. Keeps the lane's turn, so that no call
     * starts a new lane while the session closes.
     *
     * @return whether the turn is held (to be given back once the session is dead)
     */
    private boolean endLane() {
        if (lane == null || !admission.holdForClose(options.closeTimeout())) {
            return false;
        }
        try {
            lane.shutdown(options.closeTimeout());
        } catch (IOException | TimeoutException | RuntimeException e) {
            LOG.debug("{}: ending the fast lane: {}", name, e.toString());
        }
        return true;
    }

    @Override
    public String toString() {
        return name;
    }

}
