package dev.exobridge.setup;

/** Where a module is installed. Default everywhere: {@link #CURRENT_USER}. */
public enum ModuleScope {
    /** The user's own module folder ({@code ~/.local/share/powershell/Modules}, {@code Documents\PowerShell\Modules}); needs no administrator. */
    CURRENT_USER("CurrentUser"),
    /** The machine's module folder ({@code /usr/local/share/powershell/Modules}, {@code %ProgramFiles%\PowerShell\Modules}); needs an administrator. */
    ALL_USERS("AllUsers");

    private final String psName;

    ModuleScope(String psName) {
        this.psName = psName;
    }

    /** {@code CurrentUser} or {@code AllUsers}, as PowerShell names it. */
    public String psName() {
        return psName;
    }
}
