package dev.exobridge.session;

/** PowerShell's streams other than output and error. */
public enum StreamKind {
    WARNING, VERBOSE, DEBUG, INFORMATION, PROGRESS
}
