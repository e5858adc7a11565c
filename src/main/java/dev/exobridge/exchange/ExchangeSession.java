package dev.exobridge.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exobridge.Secret;
import dev.exobridge.json.ResultObject;
import dev.exobridge.scripts.PsScripts;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationResult;
import dev.exobridge.session.PowerShellError;
import dev.exobridge.session.PowerShellErrorException;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.ResultStream;
import dev.exobridge.session.SessionOptions;
import dev.exobridge.session.StreamKind;
import dev.exobridge.session.StreamListener;
import dev.exobridge.session.StreamRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * throttled or hit a transient fault; other calls fail at once with the typed exception. The
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
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong throttlingWarnings = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private ModuleInfo module;
    private volatile ConnectionInfo connection;
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
     * {@code options} with what an Exchange session needs in its environment: the secret
     * {@code EXOBRIDGE_*} variables removed (pwsh must never hold a secret in its environment) and
     * TMPDIR/TMP/TEMP pointing at {@code tempFolder} when it is given.
     */
    public static SessionOptions sessionEnvironment(SessionOptions options, Path tempFolder) {
        SessionOptions.Builder b = options.toBuilder();
        for (String name : SecretEnvironment.NAMES) {
            b.environment(name, ""); // an empty value removes the variable from the child
        }
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

    // ---- connecting -----------------------------------------------------------------------------

    void connect() {
        if (module == null) {
            module = checkModule();
            importModule();
        }
        ConnectCall call = ConnectCall.of(auth, options, moduleFolder, module.hasModuleBasePath(), isWindows());
        scrubber.add(call.accessToken());
        scrubber.add(call.certificatePassword());
        scrubber.add(call.password());
        if (call.parameters().get("CertificatePassword") instanceof Secret s) {
            scrubber.add(s);
        }
        LOG.debug("connecting {} ({}) in {}", auth, auth.mode(), target);
        InvocationResult r;
        try {
            r = target.invoke(call.invocation(options.connectTimeout(), connectListener()));
        } catch (PowerShellErrorException e) {
            throw scrubbed(ExchangeFailures.connectFailure(e));
        }
        if (r.hadErrors()) {
            PowerShellError first = r.errors().get(0);
            ExchangeException typed = ExchangeFailures.ofError(first, null);
            if (typed instanceof ExchangeRetryableException) {
                throw scrubbed(typed);
            }
            throw scrubbed(new ExchangeAuthenticationException("connecting to Exchange Online failed: "
                    + first.message(), null));
        }
        if (r.output().isEmpty()) {
            throw new ExchangeAuthenticationException("Connect-ExchangeOnline returned but Get-ConnectionInformation "
                    + "shows no connection", null);
        }
        connection = ConnectionInfo.of(r.output().get(r.output().size() - 1).json());
        LOG.debug("connected: {} (token expires {})", connection.connectionId(), connection.tokenExpiry());
    }

    private StreamListener connectListener() {
        return new StreamListener() {
            @Override
            public void onRecord(StreamRecord record) {
                if (record.kind() == StreamKind.INFORMATION && auth instanceof ExchangeAuth.DeviceCode d) {
                    d.messages().accept(record.message());
                } else if (record.kind() == StreamKind.WARNING) {
                    LOG.debug("while connecting: WARNING {}", scrubber.scrub(record.message()));
                }
            }
        };
    }

    private ModuleInfo checkModule() {
        InvocationResult r = target.invoke(Invocation.script(PsScripts.text("exchange/module-check.ps1")).build());
        ModuleInfo m = ModuleInfo.of(r.output().get(0).json());
        m.check(options.allowSimulator());
        LOG.debug("module {} at {} (simulator: {}) in pwsh {}", m.version(), m.manifest(), m.simulator(), m.pwsh());
        return m;
    }

    private void importModule() {
        try {
            target.invoke(Invocation.command("Import-Module").param("Name", module.manifest())
                    .param("ErrorAction", "Stop").build());
        } catch (PowerShellErrorException e) {
            throw new ExchangeModuleException("importing ExchangeOnlineManagement " + module.version() + " from "
                    + module.manifest() + " failed: " + e.error().message(), e);
        }
    }

    /** Connects again (with a fresh token from the provider in access-token mode). */
    public void reconnect() {
        checkOpen();
        reconnects.incrementAndGet();
        LOG.debug("reconnecting {} ({})", auth, connection == null ? "not connected" : connection.connectionId());
        disconnectQuietly();
        connect();
    }

    /**
     * Reads the connection's state again with {@code Get-ConnectionInformation}; {@code null}
     * when the module shows no connection.
     */
    public ConnectionInfo refresh() {
        InvocationResult r = target.invoke(Invocation.command("Get-ConnectionInformation").build());
        connection = r.output().isEmpty() ? null : ConnectionInfo.of(r.output().get(r.output().size() - 1).json());
        return connection;
    }

    /** Renews the connection when its token expires within the margin (or it is gone). */
    public void renewIfExpiring() {
        ConnectionInfo c = connection;
        Instant now = Instant.now();
        if (c != null && !c.expiresWithin(options.renewalMargin(), now)) {
            return;
        }
        // The module renews certificate and managed-identity tokens itself: look before reconnecting.
        c = refresh();
        if (c == null || c.expiresWithin(options.renewalMargin(), now)) {
            LOG.debug("token {} expires within {}: renewing", c == null ? "(none)" : c.tokenExpiry(),
                    options.renewalMargin());
            reconnect();
        }
    }

    // ---- calls ----------------------------------------------------------------------------------

    /**
     * Runs a call: renewed first when due, retried as the class describes.
     *
     * @throws ExchangeNotConnectedException, ExchangeAuthenticationException, ExchangeRetryableException
     *         for the module's failures of those kinds
     * @throws PowerShellErrorException for other terminating errors
     */
    public InvocationResult invoke(Invocation invocation) {
        checkOpen();
        RetryPolicy retry = new RetryPolicy(options);
        boolean reauthorized = false;
        while (true) {
            renewIfExpiring();
            ExchangeException failure;
            PowerShellErrorException raw = null;
            InvocationResult r = null;
            try {
                r = target.invoke(invocation);
                countWarnings(r);
                failure = firstTypedError(r);
                if (failure == null) {
                    return r;
                }
            } catch (PowerShellErrorException e) {
                raw = e;
                failure = ExchangeFailures.callFailure(e);
                if (failure == null) {
                    throw e;
                }
            }
            if (!invocation.idempotent()) {
                throw scrubbed(failure);
            }
            if ((failure instanceof ExchangeNotConnectedException || failure instanceof ExchangeAuthenticationException)
                    && !reauthorized) {
                reauthorized = true;
                LOG.debug("{} failed for want of authorization ({}); reconnecting and retrying once", invocation,
                        scrubber.scrub(failure.getMessage()));
                reconnect();
                retries.incrementAndGet();
                continue;
            }
            if (failure instanceof ExchangeRetryableException rf) {
                Duration wait = retry.next(rf);
                if (wait != null) {
                    LOG.debug("{} {}; attempt {} after {} ms", invocation, scrubber.scrub(rf.getMessage()),
                            retry.attempts(), wait.toMillis());
                    retries.incrementAndGet();
                    sleep(wait);
                    continue;
                }
                rf.attempts(retry.attempts());
            }
            throw scrubbed(failure);
        }
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

    private ExchangeException scrubbed(ExchangeException e) {
        String m = e.getMessage();
        if (!scrubber.leaks(m) && (e.getCause() == null || !scrubber.leaks(e.getCause().getMessage()))) {
            return e;
        }
        String clean = scrubber.scrub(m);
        ExchangeException c;
        if (e instanceof ExchangeAuthenticationException) {
            c = new ExchangeAuthenticationException(clean, null);
        } else if (e instanceof ExchangeNotConnectedException) {
            c = new ExchangeNotConnectedException(clean, null);
        } else if (e instanceof ExchangeThrottledException t) {
            c = new ExchangeThrottledException(clean, t.retryAfter().orElse(null), null);
        } else if (e instanceof ExchangeTransientException t) {
            c = new ExchangeTransientException(clean, t.retryAfter().orElse(null), null);
        } else {
            c = new ExchangeException(clean, null);
        }
        if (e instanceof ExchangeRetryableException a && c instanceof ExchangeRetryableException b) {
            b.attempts(a.attempts());
        }
        return c;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExchangeException("interrupted while waiting to retry", e);
        }
    }

    // ---- state ----------------------------------------------------------------------------------

    /** The connection as last seen (after connect, renewal or {@link #refresh()}). */
    public ConnectionInfo connection() {
        return connection;
    }

    /** The module in use. */
    public ModuleInfo module() {
        return module;
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
        return reconnects.get();
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
        if (connection == null || !target.isAlive()) {
            return;
        }
        target.invoke(Invocation.command("Disconnect-ExchangeOnline").param("Confirm", false)
                .param("ErrorAction", "Stop").build());
        connection = null;
    }

    private void disconnectQuietly() {
        try {
            if (target.isAlive()) {
                target.invoke(Invocation.command("Disconnect-ExchangeOnline").param("Confirm", false)
                        .param("ErrorAction", "SilentlyContinue").build());
            }
        } catch (RuntimeException e) {
            LOG.debug("disconnect before reconnecting failed: {}", scrubber.scrub(e.getMessage()));
        }
        connection = null;
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
                + (connection == null ? " (not connected)" : " (" + connection.organization() + ")");
    }
}
