package dev.exobridge.session;

import dev.exobridge.pwsh.LeftoverSockets;
import dev.exobridge.pwsh.ProcessTree;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pwsh process started ahead of its session, so that its start (about half a second) overlaps
 * other work, such as the rest of a command line's start: {@link PwshSession#launch} starts the
 * process, {@link #open} makes the session on it. The session's options must launch the same
 * process (same pwsh, arguments, environment, working directory and process session); when they
 * do not, or the process has died meanwhile, {@link #open} ends it and starts a new one, so the
 * outcome is always what {@link PwshSession#start} would give. A pending process that is never
 * opened must be closed: {@link #close} kills it (it is idempotent, and a no-op once opened).
 * Thread-safe.
 */
public final class PendingPwsh implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PendingPwsh.class);

    private final List<Object> launchKey;
    private final SessionOptions launchedWith;
    private Process process;

    PendingPwsh(SessionOptions options, Process process) {
        this.launchKey = launchKey(options);
        this.launchedWith = options;
        this.process = process;
    }

    /** What decides the process a session starts; the rest of the options apply once it runs. */
    private static List<Object> launchKey(SessionOptions o) {
        return List.of(String.valueOf(o.pwsh() == null ? "" : o.pwsh().toAbsolutePath()), o.arguments(),
                Map.copyOf(o.environment()), String.valueOf(o.workingDirectory() == null ? ""
                        : o.workingDirectory().toAbsolutePath()), o.ownProcessSession());
    }

    /**
     * Opens a session on the pending process when {@code options} launch the same one, else ends
     * it and starts a session as {@link PwshSession#start} does.
     *
     * @throws SessionStartException as {@link PwshSession#start}
     * @throws IllegalStateException when it was already opened or closed
     */
    public PwshSession open(SessionOptions options) {
        Objects.requireNonNull(options, "options");
        Process taken;
        synchronized (this) {
            if (process == null) {
                throw new IllegalStateException("this pending pwsh was already opened or closed");
            }
            taken = process;
            process = null;
        }
        if (launchKey.equals(launchKey(options)) && taken.isAlive()) {
            return PwshSession.start(options, taken);
        }
        LOG.debug("the pending pwsh [{}] does not fit the session's options (or has ended); starting another",
                taken.pid());
        end(taken);
        return PwshSession.start(options);
    }

    /** The pending process's id; -1 once opened or closed. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Kills the pending process unless a session took it. Idempotent; never throws. */
    @Override
    public void close() {
        Process left;
        synchronized (this) {
            left = process;
            process = null;
        }
        if (left != null) {
            LOG.debug("ending the unused pending pwsh [{}]", left.pid());
            end(left);
        }
    }

    /** Kills {@code p} and removes what a killed pwsh leaves (its session's processes, its sockets). */
    private void end(Process p) {
        ProcessTree.destroy(p.toHandle(), Duration.ZERO);
        new Leftovers(p.pid(), ProcessLauncher.ownSession(launchedWith),
                LeftoverSockets.tempDirectory(launchedWith.environment())).clean();
    }

    /** For messages only. */
    @Override
    public String toString() {
        return "PendingPwsh" + launchKey;
    }
}
