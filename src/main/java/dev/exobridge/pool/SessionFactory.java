package dev.exobridge.pool;

import dev.exobridge.ShutdownHook;
import dev.exobridge.session.InvocationResult;
import dev.exobridge.session.InvocationTimeoutException;
import dev.exobridge.session.PowerShellErrorException;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.SessionException;
import dev.exobridge.session.SessionOptions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a session and runs the warm-up in it, step by step. A session whose warm-up fails is
 * closed before the failure is thrown, so a half-warmed session never leaves this class.
 * {@link #abort()} (the pool closing) kills the sessions still warming up.
 */
final class SessionFactory {
    private static final Logger LOG = LoggerFactory.getLogger(SessionFactory.class);

    private final String pool;
    private final SessionOptions options;
    private final List<WarmUpStep> steps;
    private final Set<PwshSession> warming = ConcurrentHashMap.newKeySet();
    private volatile boolean aborted;

    SessionFactory(PoolOptions options) {
        this.pool = options.name();
        this.options = options.session();
        this.steps = options.warmUp();
    }

    /**
     * A started, warmed session.
     *
     * @throws WarmUpException                        when a warm-up step failed
     * @throws dev.exobridge.session.SessionStartException when pwsh did not start
     * @throws PoolClosedException                    when the pool closed meanwhile
     */
    PwshSession create() {
        if (aborted) {
            throw new PoolClosedException(pool);
        }
        long t0 = System.nanoTime();
        PwshSession s = PwshSession.start(options);
        // The pool owns its sessions and closes them itself, also at JVM exit: one owner each.
        ShutdownHook.unregister(s);
        warming.add(s);
        try {
            if (aborted) { // abort() may have run before the add: it did not see this session
                throw new PoolClosedException(pool);
            }
            for (int i = 0; i < steps.size(); i++) {
                run(s, i);
            }
            LOG.debug("{}: {} started and warmed up ({} steps) in {} ms", pool, s, steps.size(),
                    (System.nanoTime() - t0) / 1_000_000);
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        } finally {
            warming.remove(s);
        }
    }

    private void run(PwshSession s, int index) {
        WarmUpStep step = steps.get(index);
        InvocationResult r;
        try {
            r = s.invoke(step.invocation());
        } catch (PowerShellErrorException e) {
            throw failure(s, index, "it threw: " + e.error().message(), e);
        } catch (InvocationTimeoutException e) {
            throw failure(s, index, "it did not finish within " + e.timeout(), e);
        } catch (SessionException e) {
            if (aborted) {
                throw new PoolClosedException(pool);
            }
            throw failure(s, index, "the session failed: " + e.getMessage(), e);
        }
        if (r.hadErrors()) {
            throw failure(s, index, "it wrote " + r.errors().size() + " error record(s), the first: "
                    + r.errors().get(0).message(), null);
        }
    }

    private WarmUpException failure(PwshSession s, int index, String why, Throwable cause) {
        return new WarmUpException(steps.get(index).name(), index + 1, steps.size(), s.toString(), why, cause);
    }

    /** From now on no session is handed out; the ones warming up are killed. */
    void abort() {
        aborted = true;
        for (PwshSession s : warming) {
            s.kill();
        }
    }
}
