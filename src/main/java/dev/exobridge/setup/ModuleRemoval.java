package dev.exobridge.setup;

import java.util.List;

/**
 * What an uninstall did.
 *
 * @param name      the module
 * @param tool      the tool that did it
 * @param removed   the versions removed (empty: nothing matched, nothing changed)
 * @param remaining the versions still installed, newest first
 */
public record ModuleRemoval(String name, String tool, List<String> removed, List<String> remaining) {
    public ModuleRemoval {
        removed = removed == null ? List.of() : List.copyOf(removed);
        remaining = remaining == null ? List.of() : List.copyOf(remaining);
    }

    /** Whether anything was removed. */
    public boolean changed() {
        return !removed.isEmpty();
    }
}
