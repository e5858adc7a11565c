package dev.exobridge.session;

import java.util.List;

/**
 * The pwsh process died, was killed, or broke the protocol, so the session is gone. Names the
 * exit code (when the process exited) and the last lines pwsh wrote to stderr.
 */
public class SessionDeadException extends SessionException {
    private final Integer exitCode;
    private final List<String> stderrTail;

    public SessionDeadException(String what, Integer exitCode, List<String> stderrTail, Throwable cause) {
        super(what + (exitCode == null ? "" : " (exit code " + exitCode + ")")
                + (stderrTail.isEmpty() ? "; pwsh wrote nothing to stderr"
                : "; last lines pwsh wrote to stderr:\n  " + String.join("\n  ", stderrTail)), cause);
        this.exitCode = exitCode;
        this.stderrTail = List.copyOf(stderrTail);
    }

    /** The process's exit code, or {@code null} when it had not exited (protocol error, still closing). */
    public Integer exitCode() {
        return exitCode;
    }

    /** The last lines pwsh wrote to stderr, oldest first. */
    public List<String> stderrTail() {
        return stderrTail;
    }
}
