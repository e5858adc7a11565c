package dev.exobridge.cli;

import dev.exobridge.setup.ModuleScope;
import dev.exobridge.setup.ModuleSpec;
import dev.exobridge.setup.PackageTool;
import dev.exobridge.setup.VersionRequirement;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Which module {@code module}, {@code setup} and {@code doctor} are about: which module, which
 * versions, from which repository, for whom, with which tool. Defaults: ExchangeOnlineManagement,
 * any version, PSGallery, CurrentUser, tool auto. What changes things ({@code --trust}) is in
 * {@link ModuleOptions}, which {@code doctor} does not take.
 */
class ModuleChoice {
    @Option(names = "--name", paramLabel = "MODULE", defaultValue = ModuleSpec.EXCHANGE_ONLINE,
            description = "The module. Default: ${DEFAULT-VALUE}.")
    String name;

    @Option(names = "--version", paramLabel = "VERSION",
            description = "Which versions: 3.5.0 (exactly), >=3.5.0, <=3.9.0, 3.5.0..3.9.0, or * (any, the default).")
    String version;

    @Option(names = "--repository", paramLabel = "NAME|PATH|URL",
            description = "Where modules come from: a registered repository's name (default PSGallery), a folder "
                    + "of .nupkg files, an http(s) feed URL, or NAME=PATH|URL to register it under that name.")
    String repository;

    @Option(names = "--scope", paramLabel = "SCOPE",
            description = "CurrentUser (default; no administrator needed) or AllUsers.")
    String scope;

    @Option(names = "--tool", paramLabel = "TOOL",
            description = "auto (default: PSResourceGet where present, else PowerShellGet), psresourceget or powershellget.")
    String tool;

    /** The repository asked for; PSGallery when none. */
    RepositoryArg repositoryArg() {
        return repository == null ? RepositoryArg.gallery() : RepositoryArg.parse(repository);
    }

    /** The module spec (repository by name, version, scope), trusting the repository for the install when asked. */
    ModuleSpec spec(String repositoryName, boolean trust) {
        try {
            return ModuleSpec.of(name.strip()).version(requirement()).repository(repositoryName).scope(scope())
                    .trustRepository(trust).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** The version requirement; any when none was given. */
    VersionRequirement requirement() {
        try {
            return VersionRequirement.parse(version);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--version: " + e.getMessage(), e);
        }
    }

    /** The scope; CurrentUser when none was given. */
    ModuleScope scope() {
        if (scope == null) {
            return ModuleScope.CURRENT_USER;
        }
        String s = scope.strip().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        for (ModuleScope m : ModuleScope.values()) {
            if (m.psName().toLowerCase(Locale.ROOT).equals(s)) {
                return m;
            }
        }
        throw new UsageException("--scope " + scope + " is not a scope; use CurrentUser or AllUsers");
    }

    /** The package tool; auto when none was given. */
    PackageTool tool() {
        try {
            return PackageTool.parse(tool);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--tool: " + e.getMessage(), e);
        }
    }
}
