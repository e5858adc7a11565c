package dev.exobridge.scripts;

/** A folder of PowerShell could not be copied out of exo-bridge (no writable cache or temp folder). */
public final class PsScriptsException extends RuntimeException {
    /** A failure with a message that says what to do. */
    public PsScriptsException(String message, Throwable cause) {
        super(message, cause);
    }
}
