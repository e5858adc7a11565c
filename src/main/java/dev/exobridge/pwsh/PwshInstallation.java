package dev.exobridge.pwsh;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A PowerShell 7 found on this machine, its version checked by running it.
 *
 * @param executable absolute path of the {@code pwsh} (or {@code pwsh.exe}) that answered
 * @param version    what it printed for {@code $PSVersionTable.PSVersion}
 * @param source     which discovery step found it: one of the {@code SOURCE_*} constants of
 *                   {@link PwshLocator}
 */
public record PwshInstallation(Path executable, PwshVersion version, String source) {
    public PwshInstallation {
        Objects.requireNonNull(executable, "executable");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(source, "source");
    }

    @Override
    public String toString() {
        return "pwsh " + version + " at " + executable + " (found by " + source + ")";
    }
}
