package dev.exobridge.psrp.clixml;

/**
 * A value as PowerShell serialises it in CLIXML: {@link PsNull}, a {@link PsPrimitive}, a
 * {@link PsSecureString} or a {@link PsObject} (complex objects, collections, dictionaries,
 * enums and primitives that carry extra type information).
 */
public sealed interface PsValue permits PsNull, PsPrimitive, PsSecureString, PsObject {
}
