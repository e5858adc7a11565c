package dev.exobridge.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exobridge.Secret;
import dev.exobridge.json.ResultObject;
import dev.exobridge.pool.Backoff;
import dev.exobridge.pool.RetryLoop;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationResult;
import dev.exobridge.session.PowerShellError;
import dev.exobridge.session.PowerShellErrorException;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.ResultStream;
import dev.exobridge.session.SessionOptions;
import dev.exobridge.session.StreamKind;
import dev.exobridge.session.StreamRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pwsh session connected to Exchange Online. {@link #open} starts pwsh, checks the module
 * against it, connects and hands back the session; {@link #close()} disconnects
 * ({@code -Confirm:$false}), ends pwsh when this object started it, and removes the session's
 * temporary-module folder. One connection per pwsh process: the module's state is process-wide.
 *
 * <p>Calls ({@link #invoke}, {@link #cmdlet}, {@link #stream}): before each, a token that expires
 * within {@link ExchangeOptions#renewalMargin()} is renewed by reconnecting. A call marked
 * {@linkplain Invocation#idempotent() idempotent} is made again once after a reconnect when it
 * failed for want of a connection or authorization, and again with back-off
 * ({@link ExchangeOptions#maxAttempts()} and {@link ExchangeOptions#retryBudget()}) when it was
 * throttled or hit a transient fault, all through one {@link RetryLoop} (the pool's);
 * other calls fail at once with the typed exception. Connecting, renewal and reconnects are
 * {@link ExchangeConnection}'s. The
 * throttling warning ("Micro delay applied") reaches the call's listener as a warning and is
 * counted ({@link #throttlingWarnings()}). Use from one thread at a time.
 */
public final class ExchangeSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeSession.class);

    private final PwshSession session;
    private final CallTarget target;
    private final boolean ownsSession;
    private final ExchangeAuth auth;
    private final ExchangeOptions options;
    private final Path moduleFolder;
    private final SecretScrubber scrubber = new SecretScrubber();
    private final AtomicLong throttlingWarnings = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final ExchangeConnection connection;
    private volatile boolean closed;

    private ExchangeSession(PwshSession session, boolean ownsSession, ExchangeAuth auth, ExchangeOptions options,
                            Path moduleFolder) {
        this(session, CallTarget.of(session), ownsSession, auth, options, moduleFolder);
    }

    ExchangeSession(PwshSession session, CallTarget target, boolean ownsSession, ExchangeAuth auth,
                    ExchangeOptions options, Path moduleFolder) {
        this.session = session;
        this.target = target;
        this.ownsSession = ownsSession;
        this.auth = auth;
        this.options = options;
        this.moduleFolder = moduleFolder;
        this.connection = new ExchangeConnection(target, auth, options, moduleFolder, scrubber);
    }

    /**
     * Starts pwsh with {@code sessionOptions} (secret {@code EXOBRIDGE_*} variables removed from its
     * environment, TMPDIR set to the session's own folder), checks the module and connects.
     *
     * @throws InvalidAuthException            for a mode that cannot work here (before pwsh starts)
     * @throws ExchangeModuleException         for a missing module, a version this pwsh cannot run,
     *                                         or the simulator when not allowed
     * @throws ExchangeAuthenticationException when the sign-in failed
     * @throws ExchangeRetryableException      when the service was throttling or had a fault
     */
    public static ExchangeSession open(SessionOptions sessionOptions, ExchangeAuth auth, ExchangeOptions options) {
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(options, "options");
        precheck(auth);
        Path folder = ModuleFolders.create();
        PwshSession s = null;
        try {
            s = PwshSession.start(sessionEnvironment(sessionOptions, folder));
            ExchangeSession x = new ExchangeSession(s, true, auth, options, folder);
            x.connect();
            return x;
        } catch (RuntimeException e) {
            if (s != null) {
                s.close();
            }
            ModuleFolders.remove(folder);
            throw e;
        }
    }

    /**
     * Connects a session the caller started and owns (a pool's, say); {@link #close()} then
     * disconnects but leaves the session open.
     */
    public static ExchangeSession connect(PwshSession session, ExchangeAuth auth, ExchangeOptions options) {
        Objects.requireNonNull(session, "session");
        precheck(auth);
        Path folder = ModuleFolders.create();
        ExchangeSession x = new ExchangeSession(session, false, auth, options, folder);
        try {
            x.connect();
            return x;
        } catch (RuntimeException e) {
            ModuleFolders.remove(folder);
            throw e;
        }
    }

    /**
     * {@code options} with what an Exchange session needs in its environment: TMPDIR/TMP/TEMP
     * pointing at {@code tempFolder} when it is given (the secret {@code EXOBRIDGE_*} variables
     * are removed from every pwsh by {@code PwshLaunch}).
     */
    public static SessionOptions sessionEnvironment(SessionOptions options, Path tempFolder) {
        SessionOptions.Builder b = options.toBuilder();
        if (tempFolder != null) {
            b.environment("TMPDIR", tempFolder.toString()).environment("TMP", tempFolder.toString())
                    .environment("TEMP", tempFolder.toString());
        }
        return b.build();
    }

    static void precheck(ExchangeAuth auth) {
        // A thumbprint is refused off Windows here, before anything starts.
        ConnectCall.of(auth instanceof ExchangeAuth.AccessToken a
                        ? new ExchangeAuth.AccessToken(a.organization(), () -> Secret.of("unused")) : auth,
                ExchangeOptions.defaults(), null, false, isWindows());
    }

    static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }

    void connect() {
        connection.connect();
    }

    /** Connects again (with a fresh token from the provider in access-token mode). */
    public void reconnect() {
        checkOpen();
        connection.reconnect();
    }

    /**
     * Reads the connection's state again with {@code Get-ConnectionInformation}; {@code null}
     * when the module shows no connection.
     */
    public ConnectionInfo refresh() {
        return connection.refresh();
    }

    /** Renews the connection when its token expires within the margin (or it is gone). */
    public void renewIfExpiring() {
        connection.renewIfExpiring();
    }

    // ---- calls ----------------------------------------------------------------------------------

    /**
     * Runs a call: renewed first when due, retried as the class describes.
     *
     * @throws ExchangeNotConnectedException    when the module reports no connection
     * @throws ExchangeAuthenticationException when the module reports an authorization failure
     * @throws ExchangeRetryableException      when throttled or a transient fault outlasted the retries
     * @throws PowerShellErrorException for other terminating errors
     */
    public InvocationResult invoke(Invocation invocation) {
        checkOpen();
        RetryLoop loop = retryLoop(invocation, options);
        Reauthorization reauthorization = new Reauthorization();
        try {
            return loop.onRetry((retry, cause, wait) -> {
                retries.incrementAndGet();
                LOG.debug("{} {}; attempt {} after {} ms", invocation, scrubber.scrub(cause.getMessage()),
                        retry + 1, wait.toMillis());
            }).run(attempt -> {
                if (reauthorization.due) {
                    reauthorization.due = false;
                    connection.reconnect();
                }
                connection.renewIfExpiring();
                ExchangeException failure;
                try {
                    InvocationResult r = target.invoke(invocation);
                    countWarnings(r);
                    failure = firstTypedError(r);
                    if (failure == null) {
                        return r;
                    }
                } catch (PowerShellErrorException e) {
                    failure = ExchangeFailures.callFailure(e);
                    if (failure == null) {
                        throw e;
                    }
                }
                failure = scrubber.scrubbed(failure);
                if (!invocation.idempotent()) {
                    throw failure;
                }
                if ((failure instanceof ExchangeNotConnectedException || failure instanceof ExchangeAuthenticationException)
                        && !reauthorization.spent) {
                    // Reconnected only when the loop makes the retry, before it.
                    reauthorization.spent = true;
                    reauthorization.due = true;
                    throw RetryLoop.retry(failure, Duration.ZERO); // at once, after a reconnect
                }
                if (failure instanceof ExchangeRetryableException rf) {
                    throw RetryLoop.retry(rf, rf.retryAfter().orElse(null)); // a named delay replaces the back-off
                }
                throw failure;
            });
        } catch (ExchangeRetryableException e) {
            e.attempts(loop.retries() + 1);
            throw e;
        }
    }

    /** The one reconnect-and-retry an idempotent call gets after an authorization failure. */
    private static final class Reauthorization {
        boolean spent;
        boolean due;
    }

    /**
     * The one retry loop ({@link RetryLoop}, the pool's) with this layer's rule: an idempotent call
     * gets up to {@link ExchangeOptions#maxAttempts()} attempts within
     * {@link ExchangeOptions#retryBudget()}, waiting an exponential back-off with full jitter
     * ({@link ExchangeOptions#backoffInitial()} doubling up to {@link ExchangeOptions#backoffMax()})
     * or the delay the failure names; any other call one attempt.
     */
    static RetryLoop retryLoop(Invocation invocation, ExchangeOptions options) {
        return new RetryLoop(invocation.idempotent() ? options.maxAttempts() - 1 : 0,
                Backoff.fullJitter(options.backoffInitial(), options.backoffMax()))
                .within(options.retryBudget());
    }

    /** Runs a cmdlet with named parameters (a {@code true} value is a switch) and returns its output as JSON. */
    public List<JsonNode> cmdlet(String name, Map<String, ?> parameters) {
        List<JsonNode> out = new ArrayList<>();
        for (ResultObject o : invoke(cmdletCall(name, parameters, true)).output()) {
            out.add(o.json());
        }
        return out;
    }

    /** As {@link #cmdlet(String, Map)}, each object mapped to {@code type} with {@code mapper}. */
    public <T> List<T> cmdlet(String name, Map<String, ?> parameters, Class<T> type, ObjectMapper mapper) {
        List<T> out = new ArrayList<>();
        for (ResultObject o : invoke(cmdletCall(name, parameters, true)).output()) {
            out.add(o.as(mapper, type));
        }
        return out;
    }

    /**
     * Streams a call's output with bounded memory, e.g. {@code Get-EXOMailbox -ResultSize Unlimited}.
     * Renewed first when due; not retried (objects may already have reached the caller).
     */
    public ResultStream stream(Invocation invocation) {
        checkOpen();
        renewIfExpiring();
        return target.stream(invocation);
    }

    /**
     * A cmdlet call as data: read-only verbs ({@code Get-}, {@code Test-}, {@code Search-}) are
     * marked idempotent when {@code readOnlyIdempotent}.
     */
    public static Invocation cmdletCall(String name, Map<String, ?> parameters, boolean readOnlyIdempotent) {
        Invocation.Builder b = Invocation.command(name);
        parameters.forEach((k, v) -> {
            if (Boolean.TRUE.equals(v)) {
                b.switchParam(k);
            } else {
                b.param(k, v);
            }
        });
        String verb = name.contains("-") ? name.substring(0, name.indexOf('-')) : "";
        if (readOnlyIdempotent && (verb.equalsIgnoreCase("Get") || verb.equalsIgnoreCase("Test")
                || verb.equalsIgnoreCase("Search"))) {
            b.idempotent(true);
        }
        return b.build();
    }

    private ExchangeException firstTypedError(InvocationResult r) {
        for (PowerShellError e : r.errors()) {
            ExchangeException t = ExchangeFailures.ofError(e, null);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private void countWarnings(InvocationResult r) {
        for (StreamRecord w : r.records(StreamKind.WARNING)) {
            if (ExchangeFailures.isThrottlingWarning(w.message())) {
                throttlingWarnings.incrementAndGet();
            }
        }
    }

    // ---- state ----------------------------------------------------------------------------------

    /** The connection as last seen (after connect, renewal or {@link #refresh()}). */
    public ConnectionInfo connection() {
        return connection.info();
    }

    /** The module in use. */
    public ModuleInfo module() {
        return connection.module();
    }

    /** The auth mode. */
    public ExchangeAuth auth() {
        return auth;
    }

    /** The pwsh session underneath ({@code null} for a pool's session, which the pool lends). */
    public PwshSession session() {
        return session;
    }

    /** Reconnects so far (renewals and reconnects after an authorization failure). */
    public long reconnects() {
        return connection.reconnects();
    }

    /** Throttling warnings seen so far. */
    public long throttlingWarnings() {
        return throttlingWarnings.get();
    }

    /** Calls made again so far (after a reconnect or a back-off). */
    public long retries() {
        return retries.get();
    }

    /** {@code Disconnect-ExchangeOnline -Confirm:$false}: the real cmdlet asks otherwise. */
    public void disconnect() {
        connection.disconnect();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this Exchange session is closed");
        }
    }

    /** Disconnects, ends pwsh if this object started it, removes the temporary-module folder. Never throws. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            disconnect();
        } catch (RuntimeException e) {
            LOG.debug("disconnect at close failed: {}", scrubber.scrub(e.getMessage()));
        }
        if (ownsSession && session != null) {
            session.close();
        }
        ModuleFolders.remove(moduleFolder);
    }

    @Override
    public String toString() {
        return "Exchange " + auth.mode() + " session " + target
                + (connection.info() == null ? " (not connected)" : " (" + connection.info().organization() + ")");
    }
}
