package dev.exobridge.cli;

import dev.exobridge.setup.ModuleSpec;
import picocli.CommandLine.Option;

/** The options of the {@code module} commands: the {@link ModuleChoice} and {@code --trust}. */
final class ModuleOptions extends ModuleChoice {
    @Option(names = {"--trust", "--trust-repository"},
            description = "Trust the repository: install from it without PowerShell's untrusted-repository "
                    + "question (a folder or URL is registered as trusted).")
    boolean trust;

    /** The module spec (repository by name, version, scope, trust). */
    ModuleSpec spec(String repositoryName) {
        return spec(repositoryName, trust);
    }
}
