package dev.exobridge.setup;

/** PowerShell execution policies that can be set. Default in setup: {@link #REMOTE_SIGNED}. */
public enum ExecutionPolicy {
    RESTRICTED("Restricted"),
    ALL_SIGNED("AllSigned"),
    REMOTE_SIGNED("RemoteSigned"),
    UNRESTRICTED("Unrestricted"),
    BYPASS("Bypass");

    private final String psName;

    ExecutionPolicy(String psName) {
        this.psName = psName;
    }

    /** The name PowerShell uses, e.g. {@code RemoteSigned}. */
    public String psName() {
        return psName;
    }

    /** A policy from its PowerShell name, case-insensitively ({@code remotesigned}). */
    public static ExecutionPolicy parse(String text) {
        for (ExecutionPolicy p : values()) {
            if (p.psName.equalsIgnoreCase(text == null ? "" : text.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown execution policy '" + text
                + "'; use Restricted, AllSigned, RemoteSigned, Unrestricted or Bypass");
    }
}
