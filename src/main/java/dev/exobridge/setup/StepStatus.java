package dev.exobridge.setup;

import java.util.Locale;

/**
 * How a step ended in a {@link SetupReport}, with Ansible's meaning: {@link #OK} nothing needed
 * changing, {@link #CHANGED} it was brought about now, {@link #SKIPPED} not applicable here
 * (the message says why), {@link #FAILED} it could not be checked or brought about (the message
 * says why and what to do).
 */
public enum StepStatus {
    OK, CHANGED, SKIPPED, FAILED;

    /** {@code ok}, {@code changed}, {@code skipped} or {@code failed}: the word in JSON and tables. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
