package dev.exobridge.setup;

/** Scopes whose execution policy setup may set (the lasting ones). Default: {@link #CURRENT_USER}. */
public enum PolicyScope {
    /** The user's own policy; needs no administrator. */
    CURRENT_USER("CurrentUser"),
    /** The machine's policy; needs an administrator. */
    LOCAL_MACHINE("LocalMachine");

    private final String psName;

    PolicyScope(String psName) {
        this.psName = psName;
    }

    /** {@code CurrentUser} or {@code LocalMachine}. */
    public String psName() {
        return psName;
    }
}
