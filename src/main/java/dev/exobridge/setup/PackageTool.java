package dev.exobridge.setup;

/**
 * Which PowerShell package tool registers repositories and installs modules.
 * {@link #AUTO} (the default everywhere) uses PSResourceGet where present (PowerShell 7.4+
 * ships it) and PowerShellGet otherwise.
 */
public enum PackageTool {
    /** PSResourceGet where present, PowerShellGet otherwise. */
    AUTO("Auto"),
    /** Microsoft.PowerShell.PSResourceGet: {@code Register-PSResourceRepository}, {@code Install-PSResource}, ... */
    PSRESOURCEGET("PSResourceGet"),
    /** PowerShellGet 2: {@code Register-PSRepository}, {@code Install-Module}, ... */
    POWERSHELLGET("PowerShellGet");

    private final String psName;

    PackageTool(String psName) {
        this.psName = psName;
    }

    /** The name the setup scripts take and report: {@code Auto}, {@code PSResourceGet}, {@code PowerShellGet}. */
    public String psName() {
        return psName;
    }

    /**
     * The tool for a name as a user types it, case-insensitively: {@code auto},
     * {@code psresourceget} (or {@code psrg}), {@code powershellget} (or {@code psget}).
     *
     * @throws IllegalArgumentException listing the accepted names
     */
    public static PackageTool parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (t) {
            case "auto", "" -> AUTO;
            case "psresourceget", "psrg" -> PSRESOURCEGET;
            case "powershellget", "psget" -> POWERSHELLGET;
            default -> throw new IllegalArgumentException("unknown package tool '" + text
                    + "'; use auto, psresourceget or powershellget");
        };
    }

    /** The tool as the scripts name it after resolving {@link #AUTO}. */
    static PackageTool fromPsName(String name) {
        for (PackageTool t : values()) {
            if (t.psName.equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown package tool " + name);
    }
}
