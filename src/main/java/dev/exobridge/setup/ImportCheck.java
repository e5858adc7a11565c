package dev.exobridge.setup;

/**
 * Whether a module imports (in a separate, discarded runspace) and exposes its key command.
 *
 * @param name            the module
 * @param imported        whether {@code Import-Module} succeeded
 * @param version         the version imported, or {@code null}
 * @param path            its folder, or {@code null}
 * @param commands        how many commands it exports
 * @param keyCommand      the key command looked for, or {@code null} for none
 * @param keyCommandFound whether the key command exists ({@code null} when none was asked for)
 * @param problem         why the import failed, or {@code null}
 */
public record ImportCheck(String name, boolean imported, String version, String path, int commands,
                          String keyCommand, Boolean keyCommandFound, String problem) {

    /** Imported, and the key command (if any) is there. */
    public boolean isOk() {
        return imported && (keyCommand == null || Boolean.TRUE.equals(keyCommandFound));
    }

    /** One sentence about the outcome. */
    public String describe() {
        if (!imported) {
            return name + " does not import: " + problem;
        }
        if (keyCommand != null && !Boolean.TRUE.equals(keyCommandFound)) {
            return name + " " + version + " imports, but has no command " + keyCommand;
        }
        return name + " " + version + " imports" + (keyCommand == null ? "" : " and has " + keyCommand);
    }
}
