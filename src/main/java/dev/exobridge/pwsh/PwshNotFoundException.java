package dev.exobridge.pwsh;

import java.util.List;

/**
 * No usable pwsh was found, or a setting that names one (the explicit path, {@code
 * EXOBRIDGE_PWSH}) points at something that is missing, not executable or does not answer.
 * The message lists every place looked at, in order, with why each was rejected.
 */
public class PwshNotFoundException extends PwshPrerequisiteException {
    public PwshNotFoundException(String message, List<String> placesLooked, Throwable cause) {
        super(message, placesLooked, cause);
    }
}
