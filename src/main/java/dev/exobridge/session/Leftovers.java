package dev.exobridge.session;

import dev.exobridge.pwsh.LeftoverSockets;
import dev.exobridge.pwsh.ProcessTree;
import java.nio.file.Path;

/**
 * What a dead pwsh leaves behind, ended once it is gone: the processes still in its process
 * session (when it led one of its own: native children re-parented to init by a {@code kill
 * -9}) and its Unix sockets in the temporary folder ({@link LeftoverSockets}). Runs once, at
 * the first of kill, close or an observed death; never throws. Thread-safe.
 */
final class Leftovers {
    private final long pid;
    private final boolean ownSession;
    private final Path tmp;
    private boolean cleaned;

    Leftovers(long pid, boolean ownSession, Path tmp) {
        this.pid = pid;
        this.ownSession = ownSession;
        this.tmp = tmp;
    }

    /**
     * Ends the session's remaining processes and removes the sockets; only the first call acts,
     * and a later one returns once it is done (close must not return while the reader thread,
     * which saw pwsh go, is still ending them).
     */
    synchronized void clean() {
        if (cleaned) {
            return;
        }
        cleaned = true;
        if (ownSession) {
            ProcessTree.destroySession(pid);
        }
        LeftoverSockets.remove(pid, tmp);
    }
}
