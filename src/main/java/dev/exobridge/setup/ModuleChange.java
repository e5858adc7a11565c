package dev.exobridge.setup;

import java.util.List;

/**
 * What an install or update did.
 *
 * @param name              the module
 * @param action            {@code Install} or {@code Update}
 * @param tool              the tool that did it: {@code PSResourceGet} or {@code PowerShellGet}
 * @param repository        the repository asked for
 * @param version           the version now installed that meets the request
 * @param changed           whether anything was installed ({@code false}: it was already there)
 * @param path              the folder of that version
 * @param powerShellVersion the {@code PowerShellVersion} its manifest declares, or {@code null}
 * @param previous          the versions installed before, newest first
 */
public record ModuleChange(String name, String action, String tool, String repository, String version,
                           boolean changed, String path, String powerShellVersion, List<String> previous) {
    public ModuleChange {
        previous = previous == null ? List.of() : List.copyOf(previous);
    }
}
