package dev.exobridge.session;

/**
 * The call ended with a terminating error (a {@code throw}, a cmdlet's terminating error, a
 * parse error, {@code -ErrorAction Stop}). Carries the error record and what the call produced
 * before it failed.
 */
public class PowerShellErrorException extends SessionException {
    private final transient PowerShellError error;
    private final transient InvocationResult partialResult;

    public PowerShellErrorException(PowerShellError error, InvocationResult partialResult) {
        super("PowerShell error: " + error.message() + " [" + error.fullyQualifiedErrorId() + "]"
                + (error.scriptStackTrace() == null || error.scriptStackTrace().isEmpty() ? ""
                : "\n" + error.scriptStackTrace()));
        this.error = error;
        this.partialResult = partialResult;
    }

    /** The terminating error. */
    public PowerShellError error() {
        return error;
    }

    /** Output, records and non-terminating errors written before the failure. */
    public InvocationResult partialResult() {
        return partialResult;
    }
}
