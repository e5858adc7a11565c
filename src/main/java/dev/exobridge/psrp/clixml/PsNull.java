package dev.exobridge.psrp.clixml;

/** The CLIXML {@code <Nil/>}: PowerShell's {@code $null}. */
public enum PsNull implements PsValue {
    /** The only instance. */
    INSTANCE
}
