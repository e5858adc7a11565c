package dev.exobridge.pwsh;

import java.nio.file.Path;
import java.util.List;

/** The per-user settings file could not be read or written; the message names the file. */
public class UserSettingsException extends PwshPrerequisiteException {
    private final Path file;

    public UserSettingsException(Path file, String message, Throwable cause) {
        super(message, List.of(), cause);
        this.file = file;
    }

    /** The settings file concerned. */
    public Path file() {
        return file;
    }
}
