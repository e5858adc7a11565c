package dev.exobridge.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exobridge.json.ResultObject;
import dev.exobridge.pool.Backoff;
import dev.exobridge.pool.BorrowTimeoutException;
import dev.exobridge.pool.InvocationFuture;
import dev.exobridge.pool.Lease;
import dev.exobridge.pool.PoolHealth;
import dev.exobridge.pool.PoolOptions;
import dev.exobridge.pool.RetryLoop;
import dev.exobridge.pool.SessionPool;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationResult;
import dev.exobridge.session.ResultStream;
import dev.exobridge.session.SessionDeadException;
import dev.exobridge.session.SessionOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of pwsh sessions connected to Exchange Online; it hands out only connected sessions,
 * one connection per pwsh process (the module's state is process-wide). A session is connected
 * the first time it is borrowed, after the module check, within the JVM-wide cap on connections
 * per tenant and app ({@link ExchangeOptions#maxConnectionsPerApp()}, default 3; waiting for it
 * counts as waiting to borrow). Every call then goes through {@link ExchangeSession#invoke}:
 * renewal before expiry, one reconnect and retry of an idempotent call after an authorization
 * failure, back-off retries of throttled or transient idempotent calls; an idempotent call whose
 * pwsh crashed is run again on another session (at most {@link PoolOptions#maxRetries()} times;
 * both through the pool's {@link RetryLoop}).
 * Thread-safe. Separate processes and pods are not coordinated: each has its own cap.
 */
public final class ExchangePool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangePool.class);

    private final SessionPool pool;
    private final ExchangeAuth auth;
    private final ExchangeOptions options;
    private final int maxRetries;
    private final String capKey;
    private final Path tempFolder;
    private final Map<Long, Pooled> sessions = new ConcurrentHashMap<>();
    private final AtomicLong connects = new AtomicLong();
    // Figures of sessions whose pwsh is gone, so the totals survive retirement.
    private final AtomicLong goneReconnects = new AtomicLong();
    private final AtomicLong goneRetries = new AtomicLong();
    private final AtomicLong goneThrottling = new AtomicLong();
    private volatile String lastConnectFailure;

    /** A pooled pwsh's connection, and the lease it runs on at the moment. */
    private static final class Pooled implements CallTarget {
        volatile Lease lease;
        ExchangeSession exchange;

        @Override
        public InvocationResult invoke(Invocation invocation) {
            return lease.invoke(invocation);
        }

        @Override
        public ResultStream stream(Invocation invocation) {
            return lease.stream(invocation);
        }

        @Override
        public boolean isAlive() {
            return lease != null && lease.isReady();
        }

        @Override
        public String toString() {
            return lease == null ? "pooled session" : lease.toString();
        }
    }

    private ExchangePool(SessionPool pool, ExchangeAuth auth, ExchangeOptions options, int maxRetries, Path tempFolder) {
        this.pool = pool;
        this.auth = auth;
        this.options = options;
        this.maxRetries = maxRetries;
        this.capKey = ConnectionCap.key(auth);
        this.tempFolder = tempFolder;
    }

    /**
     * Starts a pool and connects its first session (so a pool that cannot connect fails now).
     *
     * @param pool    the pool's settings; its session options are replaced by {@code session}
     *                with the secret variables removed and TMPDIR set to the pool's own folder
     * @param session how each pwsh starts
     * @throws InvalidAuthException            as {@link ExchangeSession#open} does
     * @throws ExchangeModuleException         as {@link ExchangeSession#open} does
     * @throws ExchangeAuthenticationException as {@link ExchangeSession#open} does
     */
    public static ExchangePool start(PoolOptions.Builder pool, SessionOptions session, ExchangeAuth auth,
                                     ExchangeOptions options) {
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(options, "options");
        ExchangeSession.precheck(auth);
        Path folder = ModuleFolders.create();
        PoolOptions po = pool.session(ExchangeSession.sessionEnvironment(session, folder)).build();
        SessionPool sp;
        try {
            sp = SessionPool.start(po);
        } catch (RuntimeException e) {
            ModuleFolders.remove(folder);
            throw e;
        }
        ExchangePool x = new ExchangePool(sp, auth, options, po.maxRetries(), folder);
        try (Lease first = x.borrow()) {
            LOG.debug("{}: first session connected on {}", po.name(), first);
        } catch (RuntimeException e) {
            x.close();
            throw e;
        }
        return x;
    }

    /** Borrows a session and connects it if it is new. */
    private Lease borrow() {
        Lease lease = pool.borrow();
        try {
            attach(lease);
            return lease;
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** The connection of a borrowed session, made now when the session is new; it runs on {@code lease} from now. */
    private Pooled attach(Lease lease) {
        Pooled p = sessions.get(lease.pid());
        if (p == null) {
            p = connectNew(lease);
        }
        p.lease = lease;
        return p;
    }

    private Pooled connectNew(Lease lease) {
        long pid = lease.pid();
        try {
            if (!ConnectionCap.acquire(capKey, options.maxConnectionsPerApp(), pid, pool.options().borrowTimeout())) {
                throw new ExchangeThrottledException("no connection to " + capKey + " became free within "
                        + pool.options().borrowTimeout() + ": " + options.maxConnectionsPerApp()
                        + " are open in this JVM (ExchangeOptions.maxConnectionsPerApp)", null, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExchangeException("interrupted while waiting for a connection permit", e);
        }
        Pooled p = new Pooled();
        p.lease = lease;
        Path folder = ModuleFolders.create();
        p.exchange = new ExchangeSession(null, p, false, auth, options, folder);
        try {
            p.exchange.connect();
            lastConnectFailure = null;
        } catch (RuntimeException e) {
            if (!(e instanceof CancellationException)) { // an async caller's cancel says nothing of the tenant
                lastConnectFailure = e.getMessage(); // scrubbed by the connection already
            }
            ModuleFolders.remove(folder);
            lease.close();
            // The session is healthy but not connected; kill it so its permit goes back and it is replaced.
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            throw e;
        }
        connects.incrementAndGet();
        sessions.put(pid, p);
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().thenRun(() -> {
            Pooled gone = sessions.remove(pid);
            if (gone != null) {
                goneReconnects.addAndGet(gone.exchange.reconnects());
                goneRetries.addAndGet(gone.exchange.retries());
                goneThrottling.addAndGet(gone.exchange.throttlingWarnings());
            }
            ModuleFolders.remove(folder);
        }));
        return p;
    }

    /**
     * Runs a call on a connected session; see the class for renewal and retries.
     *
     * @throws BorrowTimeoutException when no session became free in time
     */
    public InvocationResult invoke(Invocation invocation) {
        // The pool's rule through its one loop: an idempotent call whose pwsh crashed goes again, at once.
        RetryLoop crashes = new RetryLoop(invocation.idempotent() ? maxRetries : 0, Backoff.none())
                .onRetry((retry, cause, wait) -> LOG.debug("retrying idempotent {} on another session after its "
                        + "session died: {}", invocation, cause.getMessage()));
        return crashes.run(attempt -> {
            Lease lease = borrow();
            try (lease) {
                return sessions.get(lease.pid()).exchange.invoke(invocation);
            } catch (SessionDeadException e) {
                throw RetryLoop.retry(e);
            }
        });
    }

    /**
     * Runs a call as {@link #invoke} does (renewal, reconnect, back-off and crash retries
     * included) on the session pool's async threads, and returns at once; the borrow timeout
     * counts from this call. {@link InvocationFuture#cancel(boolean)} stops the pwsh call running
     * at the moment (the call itself, a renewal or a new session's connect, which then loses its
     * session) as {@link SessionPool#invokeAsync(Invocation)} describes, and no further attempt
     * starts; a cancel during a back-off wait completes the future at once, and the session goes
     * back when the wait ends ({@link InvocationFuture#released()}).
     */
    public InvocationFuture invokeAsync(Invocation invocation) {
        Objects.requireNonNull(invocation, "invocation");
        return pool.invokeAsync(invocation, lease -> attach(lease).exchange.invoke(invocation));
    }

    /** Runs a cmdlet with named parameters (a {@code true} value is a switch); {@code Get-*} calls are idempotent. */
    public List<JsonNode> cmdlet(String name, Map<String, ?> parameters) {
        List<JsonNode> out = new ArrayList<>();
        for (ResultObject o : invoke(ExchangeSession.cmdletCall(name, parameters, true)).output()) {
            out.add(o.json());
        }
        return out;
    }

    /** As {@link #cmdlet(String, Map)}, each object mapped to {@code type} with {@code mapper}. */
    public <T> List<T> cmdlet(String name, Map<String, ?> parameters, Class<T> type, ObjectMapper mapper) {
        List<T> out = new ArrayList<>();
        for (ResultObject o : invoke(ExchangeSession.cmdletCall(name, parameters, true)).output()) {
            out.add(o.as(mapper, type));
        }
        return out;
    }

    /**
     * Streams a call's output with bounded memory (e.g. {@code Get-EXOMailbox -ResultSize Unlimited});
     * the session goes back to the pool when the stream ends or is closed. Renewed first when due.
     */
    public ResultStream stream(Invocation invocation) {
        Lease lease = borrow();
        ResultStream s;
        try {
            s = sessions.get(lease.pid()).exchange.stream(invocation);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        return new ResultStream() {
            @Override
            public boolean hasNext() {
                boolean more = s.hasNext();
                if (!more) {
                    close();
                }
                return more;
            }

            @Override
            public ResultObject next() {
                return s.next();
            }

            @Override
            public InvocationResult summary() {
                return s.summary();
            }

            @Override
            public void close() {
                try {
                    s.close();
                } finally {
                    lease.close();
                }
            }
        };
    }

    /** Connections made so far (first connects of new sessions). */
    public long connects() {
        return connects.get();
    }

    /** Reconnects so far (renewals before expiry and reconnects after authorization failures). */
    public long reconnects() {
        return goneReconnects.get() + sessions.values().stream().mapToLong(p -> p.exchange.reconnects()).sum();
    }

    /** Calls made again so far (after a reconnect or a back-off). */
    public long retries() {
        return goneRetries.get() + sessions.values().stream().mapToLong(p -> p.exchange.retries()).sum();
    }

    /** Throttling warnings ("Micro delay applied") seen so far. */
    public long throttlingWarnings() {
        return goneThrottling.get() + sessions.values().stream().mapToLong(p -> p.exchange.throttlingWarnings()).sum();
    }

    /** The organization (tenant) this pool connects to, as its auth names it. */
    public String tenant() {
        return auth.organization();
    }

    /**
     * Whether the pool can serve now: its session pool is up, at least one session is connected,
     * and the last connect of a new session succeeded. Cheap (no call runs), for a service's
     * health endpoint.
     */
    public ExchangeHealth health() {
        PoolHealth ph = pool.health();
        List<String> problems = new ArrayList<>(ph.problems());
        int connected = 0;
        java.time.Instant earliest = null;
        for (Pooled p : sessions.values()) {
            ConnectionInfo c = p.exchange.connection();
            if (c != null) {
                connected++;
                if (c.tokenExpiry() != null && (earliest == null || c.tokenExpiry().isBefore(earliest))) {
                    earliest = c.tokenExpiry();
                }
            }
        }
        String failure = lastConnectFailure;
        if (connected == 0) {
            problems.add("no session is connected to Exchange Online");
        }
        if (failure != null) {
            problems.add("the last connect failed: " + failure);
        }
        return new ExchangeHealth(problems.isEmpty(), ph, tenant(), connected, failure, earliest, problems);
    }

    /** The pool underneath (metrics, pids). */
    public SessionPool pool() {
        return pool;
    }

    /** Closes every session (their connections end with their processes) and removes the temporary folders. */
    @Override
    public void close() {
        pool.close();
        sessions.clear();
        ModuleFolders.remove(tempFolder);
    }
}
