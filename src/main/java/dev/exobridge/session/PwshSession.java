package dev.exobridge.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.exobridge.ShutdownHook;
import dev.exobridge.json.PsJsonMapper;
import dev.exobridge.json.ResultObject;
import dev.exobridge.psrp.Message;
import dev.exobridge.psrp.MessageType;
import dev.exobridge.psrp.Packet;
import dev.exobridge.psrp.ProtocolException;
import dev.exobridge.psrp.PsrpMessages;
import dev.exobridge.psrp.SessionKey;
import dev.exobridge.psrp.clixml.CliXmlReader;
import dev.exobridge.psrp.clixml.PsObject;
import dev.exobridge.psrp.clixml.PsValue;
import dev.exobridge.psrp.clixml.SecureStringCipher;
import dev.exobridge.pwsh.ProcessTree;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
    private static final Logger LOG = LoggerFactory.getLogger(PwshSession.class);
    private static final AtomicLong COUNTER = new AtomicLong();

    private final SessionOptions options;
    private final Process process;
    private final String name;
    private final UUID poolId = UUID.randomUUID();
    private final PacketChannel channel;
    private final PsJsonMapper mapper;
    private final RecordDecoder records;
    private final Map<UUID, PipelineRun> runs = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final Object keyLock = new Object();
    private volatile CompletableFuture<SecureStringCipher> sessionKey;
    private volatile SessionKey rsa;
    private volatile SessionDeadException death;
    private volatile boolean closing;
    private final FastLane lane;
    private final Semaphore turn = new Semaphore(1, true);
    private final AtomicInteger inFlight = new AtomicInteger();
    /**
     * Set by a session's first call, which takes a pipeline of its own: on a cold pwsh the lane's
     * script costs about 0.1 s to parse and compile, which would delay the first answer.
     */
    private final AtomicBoolean firstCallTaken = new AtomicBoolean();
    private volatile JsonNode serverInfo = NullNode.getInstance();

    private PwshSession(SessionOptions options, Process process) {
        this.options = options;
        this.process = process;
        this.name = "pwsh-" + COUNTER.incrementAndGet() + "[" + process.pid() + "]";
        this.mapper = new PsJsonMapper(options.jsonOptions());
        this.records = new RecordDecoder(mapper);
        this.lane = options.fastLane() ? new FastLane(this) : null;
        this.channel = new PacketChannel(process, name, this::dispatch, this::onTransportFailure,
                Transcript.open(options.transcriptDirectory()));
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
        Process process = ProcessLauncher.launch(options);
        PwshSession s = new PwshSession(options, process);
        s.open();
        ShutdownHook.register(s);
        return s;
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
            opened.get(remaining(t0, options.openTimeout()), TimeUnit.NANOSECONDS);
            if (options.modulePathFirst() != null) {
                // The variable is the process's, so every runspace of the pool sees it.
                invoke(Invocation.script("param($Dir) $env:PSModulePath = $Dir + [IO.Path]::PathSeparator + $env:PSModulePath")
                        .param("Dir", options.modulePathFirst().toString()).timeout(remainingDuration(t0, options.openTimeout())).build());
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

    private static Duration remainingDuration(long startNanos, Duration budget) {
        return Duration.ofNanos(remaining(startNanos, budget));
    }

    private static long remaining(long startNanos, Duration budget) {
        return Math.max(1, budget.toNanos() - (System.nanoTime() - startNanos));
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
        Duration timeout = inv.timeout() != null ? inv.timeout() : options.defaultTimeout();
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        Duration sendTimeout = timeout == null ? options.openTimeout() : timeout;
        Runnable release = admit(deadline, timeout);
        boolean batched = inv.batchOutput() != null ? inv.batchOutput() : options.batchOutput();
        String batchKey = batched ? UUID.randomUUID().toString() : null;
        boolean first = lane != null && !firstCallTaken.getAndSet(true);
        Runnable done = callOver(release);
        try {
            if (lane != null && FastLane.accepts(inv) && !first) {
                long[] call = new long[1];
                PipelineRun run = lane.send(inv, batchKey, sendTimeout, call);
                return new CallCursor(this, run, inv, collect, timeout, deadline, lane, call[0], batchKey, done);
            }
            if (lane != null) {
                lane.shutdown(sendTimeout);
            }
        } catch (IOException | TimeoutException e) {
            done.run();
            throw failure("sending the call failed", e);
        } catch (RuntimeException e) {
            done.run();
            throw e;
        }
        UUID pid = UUID.randomUUID();
        PipelineRun run = register(pid);
        CallCursor cursor = new CallCursor(this, run, inv, collect, timeout, deadline, null, 0, batchKey, done);
        try {
            createPipeline(pid, PipelineBuilder.commands(inv, batchKey), inv.input() == null, sendTimeout);
            if (inv.input() != null) {
                cursor.pumpInput(inv.input(), sendTimeout);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            cursor.abandon();
            throw e;
        } catch (IOException | TimeoutException e) {
            cursor.abandon();
            throw failure("sending the call failed", e);
        }
        return cursor;
    }

    /**
     * With a fast lane, one call at a time (they share the one runspace): waits for the turn and
     * returns what gives it back. Without, calls go straight to pwsh, which queues them.
     */
    private Runnable admit(long deadline, Duration timeout) {
        if (lane == null) {
            return () -> { };
        }
        try {
            if (deadline == Long.MAX_VALUE) {
                turn.acquire();
            } else if (!turn.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new InvocationTimeoutException(timeout, false, result(List.of(), List.of(), List.of()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionException("interrupted while waiting for the session", e);
        }
        return turn::release;
    }

    /**
     * The objects a failed or stopped call's batching step still held (see {@link OutputBatch}),
     * taken with a pipeline of their own; the table inside pwsh forgets them.
     */
    List<PsValue> takeUnsent(Invocation inv, String key, Duration timeout) throws IOException, TimeoutException {
        UUID pid = UUID.randomUUID();
        PipelineRun run = register(pid);
        try {
            createPipeline(pid, List.of(OutputBatch.take(inv, key)), true, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            List<PsValue> out = new ArrayList<>();
            for (Message m = run.take(deadline); m.type() != MessageType.PIPELINE_STATE; m = run.take(deadline)) {
                if (m.type() == MessageType.PIPELINE_OUTPUT && !m.body().isEmpty()) {
                    PsValue v = reader().read(m.body());
                    if (OutputBatch.isBatch(v)) {
                        out.addAll(OutputBatch.unpack(v));
                    }
                }
            }
            return out;
        } finally {
            release(run, true);
        }
    }

    /**
     * What ends a call, once however often it runs: it stops counting the call as running and
     * gives the session back ({@code release}).
     */
    private Runnable callOver(Runnable release) {
        inFlight.incrementAndGet();
        AtomicBoolean over = new AtomicBoolean();
        return () -> {
            if (over.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
                release.run();
            }
        };
    }

    /** A new pipeline's message buffer, known to the reader from now on. */
    PipelineRun register(UUID pid) {
        PipelineRun run = new PipelineRun(pid, options.outputBuffer());
        runs.put(pid, run);
        if (death != null) {
            run.fail(death);
        }
        return run;
    }

    /** Command, its ack, then CREATE_PIPELINE and its ack. */
    void createPipeline(UUID pid, List<PsrpMessages.Command> commands, boolean noInput, Duration timeout)
            throws IOException, TimeoutException {
        channel.sendAndAwait(Packet.control(Packet.Kind.Command, pid), Packet.Kind.CommandAck, timeout);
        channel.sendData(pid, Packet.DEFAULT_STREAM, timeout, PsrpMessages.createPipeline(poolId, pid, commands,
                noInput, lazyCipher));
    }

    void sendInput(UUID pid, Object value, Duration timeout) throws IOException, TimeoutException {
        channel.sendData(pid, Packet.DEFAULT_STREAM, timeout, PsrpMessages.pipelineInput(poolId, pid, value, lazyCipher));
    }

    void sendEndOfInput(UUID pid, Duration timeout) throws IOException, TimeoutException {
        channel.sendData(pid, Packet.DEFAULT_STREAM, timeout, PsrpMessages.endOfPipelineInput(poolId, pid));
    }

    /** Sends Stop for a pipeline and waits for pwsh to acknowledge it. */
    void signalStop(UUID pid, Duration timeout) throws IOException, TimeoutException {
        channel.sendAndAwait(Packet.control(Packet.Kind.Signal, pid), Packet.Kind.SignalAck, timeout);
    }

    /** Releases a finished pipeline on both sides. */
    void release(PipelineRun run, boolean sendClose) {
        runs.remove(run.id);
        channel.forget(run.id);
        if (sendClose && isAlive()) {
            try {
                channel.send(Packet.control(Packet.Kind.Close, run.id));
            } catch (IOException e) {
                LOG.debug("{}: closing pipeline {}: {}", name, run.id, e.toString());
            }
        }
    }

    void sendHostResponse(UUID pid, Message response) throws IOException, TimeoutException {
        channel.sendData(pid, Packet.PROMPT_RESPONSE_STREAM, options.openTimeout(), response);
    }

    SessionOptions options() {
        return options;
    }

    PsJsonMapper mapper() {
        return mapper;
    }

    RecordDecoder records() {
        return records;
    }

    UUID poolId() {
        return poolId;
    }

    /** A reader for one message body; decrypts SecureStrings once the key exchange is done. */
    CliXmlReader reader() {
        return new CliXmlReader(cipher());
    }

    /** The session's SecureString cipher; the key exchange runs on first use. */
    SecureStringCipher cipher() {
        return lazyCipher;
    }

    // ---- key exchange ------------------------------------------------------------------

    /** A cipher that runs the key exchange the first time a SecureString is written or read. */
    private final SecureStringCipher lazyCipher = new SecureStringCipher() {
            @Override
            public String encrypt(char[] text) {
                return sessionCipher().encrypt(text);
            }

            @Override
            public char[] decrypt(String base64) {
                return sessionCipher().decrypt(base64);
            }
        };

    private SecureStringCipher sessionCipher() {
        CompletableFuture<SecureStringCipher> f = startKeyExchange();
        try {
            return f.get(options.openTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionException("interrupted during the key exchange", e);
        } catch (ExecutionException | TimeoutException e) {
            throw failure("the key exchange for SecureStrings failed", e instanceof ExecutionException ? e.getCause() : e);
        }
    }

    private CompletableFuture<SecureStringCipher> startKeyExchange() {
        synchronized (keyLock) {
            if (sessionKey == null) {
                sessionKey = new CompletableFuture<>();
                CompletableFuture.runAsync(() -> {
                    try {
                        rsa = SessionKey.generate();
                        channel.sendData(Message.EMPTY, Packet.DEFAULT_STREAM, options.openTimeout(),
                                PsrpMessages.publicKey(poolId, rsa.publicKeyBlob()));
                    } catch (Exception e) {
                        sessionKey.completeExceptionally(e);
                    }
                });
            }
            return sessionKey;
        }
    }

    // ---- incoming ----------------------------------------------------------------------

    private void dispatch(Message m) {
        if (!m.pipelineId().equals(Message.EMPTY)) {
            PipelineRun run = runs.get(m.pipelineId());
            if (run != null) {
                run.offer(m);
            } else {
                LOG.debug("{}: {} for a pipeline that is gone", name, m.type());
            }
            return;
        }
        switch (m.type()) {
            case APPLICATION_PRIVATE_DATA -> privateData(m);
            case SESSION_CAPABILITY, RUNSPACE_AVAILABILITY, USER_EVENT -> {
            }
            case RUNSPACEPOOL_STATE -> poolState(m);
            case ENCRYPTED_SESSION_KEY -> {
                PsValue v = new CliXmlReader(null).read(m.body());
                String blob = v instanceof PsObject o ? RecordDecoder.text(o.property("EncryptedSessionKey")) : null;
                if (blob == null) {
                    throw new ProtocolException("ENCRYPTED_SESSION_KEY without EncryptedSessionKey");
                }
                startKeyExchange().complete(rsa.accept(blob));
            }
            case PUBLIC_KEY_REQUEST -> startKeyExchange();
            case RUNSPACEPOOL_HOST_CALL -> LOG.debug("{}: ignoring a runspace-pool host call", name);
            case PIPELINE_STATE -> LOG.debug("{}: pipeline state for the pool: {}", name, m.body());
            default -> LOG.debug("{}: unexpected {} for the pool", name, m.type());
        }
    }

    /** APPLICATION_PRIVATE_DATA carries the server's PSVersionTable; keep it for callers. */
    private void privateData(Message m) {
        PsValue v = new CliXmlReader(null).read(m.body());
        if (v instanceof PsObject o && o.property("ApplicationPrivateData") instanceof PsObject data) {
            for (PsObject.Entry e : data.entries()) {
                if ("PSVersionTable".equals(RecordDecoder.text(e.key()))) {
                    serverInfo = mapper.toJson(e.value());
                }
            }
        }
    }

    private void poolState(Message m) {
        PsValue v = new CliXmlReader(null).read(m.body());
        PsObject o = (PsObject) v;
        String state = RecordDecoder.text(o.property("RunspaceState"));
        switch (state == null ? "" : state) {
            case "2" -> opened.complete(null);
            case "3", "4" -> LOG.debug("{}: runspace pool closing/closed ({})", name, state);
            case "5" -> {
                String why = o.property("ExceptionAsErrorRecord") != null
                        ? records.error(o.property("ExceptionAsErrorRecord")).message() : "no reason given";
                SessionException e = new SessionException("pwsh reports its runspace pool as broken: " + why);
                opened.completeExceptionally(e);
                markDead("the runspace pool broke: " + why, e);
            }
            default -> LOG.debug("{}: runspace pool state {}", name, state);
        }
    }

    private void onTransportFailure(Throwable cause) {
        if (closing && death == null) {
            opened.completeExceptionally(cause);
            markDead("the session was closed", cause);
            return;
        }
        String what = cause instanceof ProtocolException ? "pwsh broke the protocol: " + cause.getMessage()
                : "pwsh " + name + " died";
        opened.completeExceptionally(cause);
        markDead(what, cause);
        if (cause instanceof ProtocolException) {
            LOG.warn("{}: {}; killing it", name, cause.getMessage());
            kill();
        }
    }

    private void markDead(String what, Throwable cause) {
        if (death != null) {
            return;
        }
        Integer exit = null;
        try {
            if (process.waitFor(1, TimeUnit.SECONDS)) {
                exit = process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        death = new SessionDeadException(what, exit, channel.finalStderrTail(Duration.ofMillis(500)), cause);
        channel.fail(death);
        runs.values().forEach(r -> r.fail(death));
        if (!closing) {
            LOG.info("{}: {}", name, death.getMessage());
        }
    }

    // ---- state and life cycle ----------------------------------------------------------

    /** Whether the process runs and the transport works. */
    public boolean isAlive() {
        return death == null && process.isAlive();
    }

    /** Whether calls can start now: alive, opened and not closing. */
    public boolean isReady() {
        return isAlive() && !closing && opened.isDone() && !opened.isCompletedExceptionally();
    }

    /**
     * The server's {@code $PSVersionTable} as pwsh announced it when the pool opened (PSVersion,
     * PSEdition, OS, Platform, ...), or JSON null if it sent none.
     */
    public JsonNode versionTable() {
        return serverInfo;
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
        return inFlight.get();
    }

    /** The failure that ended the session, or {@code null} while it lives. */
    public SessionDeadException deathCause() {
        return death;
    }

    private void checkReady() {
        if (death != null) {
            throw death;
        }
        if (closing) {
            throw new SessionException("the session " + name + " is closed");
        }
        if (!process.isAlive()) {
            markDead("pwsh " + name + " has exited", null);
            throw death;
        }
    }

    SessionException failure(String what, Throwable cause) {
        if (death != null) {
            return death;
        }
        if (!process.isAlive()) {
            markDead("pwsh " + name + " died", cause);
            return death;
        }
        return new SessionException(what + ": " + cause.getMessage(), cause);
    }

    /** Kills the process tree at once; calls in flight fail with {@link SessionDeadException}. */
    public void kill() {
        closing = true;
        ShutdownHook.unregister(this);
        ProcessTree.destroy(process.toHandle(), Duration.ZERO);
        channel.closeInput();
        markDead("the session was killed", null);
    }

    /**
     * Closes the session: the protocol's close (bounded by the close timeout), then end of input,
     * then terminate and kill the whole process tree. Idempotent; never throws.
     */
    @Override
    public synchronized void close() {
        ShutdownHook.unregister(this);
        if (closing && !process.isAlive()) {
            return;
        }
        closing = true;
        boolean laneHeld = false;
        if (death == null && process.isAlive()) {
            laneHeld = endLane();
            try {
                channel.sendAndAwait(Packet.control(Packet.Kind.Close, Message.EMPTY), Packet.Kind.CloseAck,
                        options.closeTimeout());
            } catch (IOException | TimeoutException e) {
                LOG.debug("{}: protocol close: {}", name, e.toString());
            }
        }
        channel.closeInput();
        try {
            if (!process.waitFor(options.closeTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.debug("{}: still running after close; terminating", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ProcessTree.destroy(process.toHandle(), options.stopGrace());
        markDead("the session was closed", null);
        if (laneHeld) {
            turn.release(); // a call still waiting for its turn now finds the session closed
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
        if (lane == null) {
            return false;
        }
        try {
            if (!turn.tryAcquire(options.closeTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    /** A list helper kept here so CallCursor's partial results are built one way. */
    static InvocationResult result(List<ResultObject> out, List<PowerShellError> errors, List<StreamRecord> recs) {
        return new InvocationResult(new ArrayList<>(out), errors, recs);
    }
}
