package dev.exobridge;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library's one JVM shutdown hook: at JVM exit it closes, in parallel, whatever is still
 * registered, so pwsh sessions end with the protocol's close rather than by losing their stdin.
 * Installed on the first registration, never more than once per JVM (never one per process).
 * Every {@code PwshSession} and {@code SessionPool} registers itself when it opens and
 * unregisters when it closes; other long-lived owners of pwsh processes may do the same.
 *
 * <p>Without the hook nothing leaks either: pwsh in server mode ends by itself when its stdin
 * closes, which happens however the JVM ends, {@code kill -9} included.
 */
public final class ShutdownHook {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownHook.class);
    /** How long the hook waits for everything to close: 30 s. */
    private static final long WAIT_SECONDS = 30;
    private static final Set<AutoCloseable> OPEN = ConcurrentHashMap.newKeySet();
    private static final Object LOCK = new Object();
    private static Thread hook;

    private ShutdownHook() {
    }

    /** Closes {@code resource} at JVM exit unless it is unregistered before; installs the hook on first use. */
    public static void register(AutoCloseable resource) {
        synchronized (LOCK) {
            if (hook == null) {
                hook = new Thread(ShutdownHook::closeAll, "exo-bridge-shutdown");
                try {
                    Runtime.getRuntime().addShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    hook = null;
                    return; // the JVM is already exiting: the caller closes its own resource
                }
            }
            OPEN.add(resource);
        }
    }

    /** Forgets {@code resource} (it was closed). */
    public static void unregister(AutoCloseable resource) {
        OPEN.remove(resource);
    }

    /** Whether the hook is installed: after the first registration. */
    public static boolean installed() {
        synchronized (LOCK) {
            return hook != null;
        }
    }

    /** What the hook would close now. */
    public static List<AutoCloseable> registered() {
        return List.copyOf(OPEN);
    }

    private static void closeAll() {
        List<AutoCloseable> all = new ArrayList<>(OPEN);
        if (all.isEmpty()) {
            return;
        }
        LOG.info("JVM shutdown: closing {} open exo-bridge resource(s): {}", all.size(), all);
        List<Thread> closers = new ArrayList<>();
        for (AutoCloseable c : all) {
            Thread t = new Thread(() -> {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("JVM shutdown: closing {} failed: {}", c, e.toString());
                }
            }, "exo-bridge-shutdown-" + c);
            t.setDaemon(true);
            t.start();
            closers.add(t);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        for (Thread t : closers) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.info("JVM shutdown: exo-bridge resources closed");
    }
}
