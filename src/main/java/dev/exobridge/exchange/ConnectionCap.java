package dev.exobridge.exchange;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The cap on connected sessions per tenant and app (or user), one per JVM, shared by every pool:
 * no documented REST concurrency limit exists, and the service refuses more than a few at once
 * ("maximum number of concurrent requests per tenant"). The first pool to use a tenant and app
 * sets its size. A permit is held for as long as the connected pwsh process lives. Separate JVMs,
 * processes and pods are not coordinated.
 */
final class ConnectionCap {
    private static final Map<String, Semaphore> CAPS = new ConcurrentHashMap<>();

    private ConnectionCap() {
    }

    /** The key of a mode: its tenant and its app or user. */
    static String key(ExchangeAuth auth) {
        String who = auth.appId() != null ? auth.appId()
                : auth instanceof ExchangeAuth.Credential c ? c.user()
                : auth instanceof ExchangeAuth.ManagedIdentity m ? "mi:" + m.accountId() : auth.mode();
        return auth.organization() + "|" + who;
    }

    /**
     * Takes a permit for the process {@code pid}, waiting up to {@code timeout}; it is given back
     * when that process exits.
     *
     * @return whether a permit was taken in time
     */
    static boolean acquire(String key, int size, long pid, Duration timeout) throws InterruptedException {
        Semaphore s = CAPS.computeIfAbsent(key, k -> new Semaphore(size, true));
        if (!s.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        ProcessHandle.of(pid).ifPresentOrElse(h -> h.onExit().thenRun(s::release), s::release);
        return true;
    }

    /** Permits free now (for tests and metrics). */
    static int available(String key) {
        Semaphore s = CAPS.get(key);
        return s == null ? -1 : s.availablePermits();
    }
}
