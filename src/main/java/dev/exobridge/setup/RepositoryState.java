package dev.exobridge.setup;

import java.util.List;

/**
 * A repository as one tool sees it, compared with what was asked for.
 *
 * @param tool               the tool: {@code PSResourceGet} or {@code PowerShellGet}
 * @param name               the repository name
 * @param location           the location asked for (a folder as an absolute path, or a URL)
 * @param registered         whether a repository of that name is registered
 * @param registeredLocation where the registered one points, or {@code null}
 * @param trusted            whether the registered one is trusted
 * @param changes            what would have to change (empty: as asked)
 * @param problem            why the repository cannot be used (missing folder, URL that does not
 *                           answer), or {@code null}
 * @param done               what was changed, after {@link RepositoryManager#ensure}
 */
public record RepositoryState(String tool, String name, String location, boolean registered, String registeredLocation,
                              boolean trusted, List<String> changes, String problem, List<String> done) {
    public RepositoryState {
        changes = changes == null ? List.of() : List.copyOf(changes);
        done = done == null ? List.of() : List.copyOf(done);
    }
}
