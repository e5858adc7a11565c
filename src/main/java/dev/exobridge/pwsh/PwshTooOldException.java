package dev.exobridge.pwsh;

import java.nio.file.Path;
import java.util.List;

/** The pwsh found is older than the minimum exo-bridge was asked to accept. */
public class PwshTooOldException extends PwshPrerequisiteException {
    private final Path executable;
    private final PwshVersion found;
    private final PwshVersion minimum;

    public PwshTooOldException(Path executable, PwshVersion found, PwshVersion minimum, List<String> placesLooked) {
        super("PowerShell " + found + " at " + executable + " is too old: exo-bridge needs " + minimum
                        + " or newer. Install a newer PowerShell 7 (or point EXOBRIDGE_PWSH at one)."
                        + (placesLooked.isEmpty() ? "" : " Places looked at:" + bulleted(placesLooked)),
                placesLooked, null);
        this.executable = executable;
        this.found = found;
        this.minimum = minimum;
    }

    /** The pwsh that was too old. */
    public Path executable() {
        return executable;
    }

    /** Its version. */
    public PwshVersion found() {
        return found;
    }

    /** The minimum that was asked for. */
    public PwshVersion minimum() {
        return minimum;
    }
}
