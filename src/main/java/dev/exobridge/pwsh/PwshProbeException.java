package dev.exobridge.pwsh;

import java.nio.file.Path;
import java.util.List;

/**
 * Running pwsh for a short question (its version, its facts) failed: it could not start, did
 * not finish in time (its whole process tree is then killed), exited with an error, or
 * printed something unexpected. The message says which and includes what it printed on stderr.
 */
public class PwshProbeException extends PwshPrerequisiteException {
    private final Path executable;

    public PwshProbeException(Path executable, String message, Throwable cause) {
        super(message, List.of(), cause);
        this.executable = executable;
    }

    /** The executable that was run. */
    public Path executable() {
        return executable;
    }
}
