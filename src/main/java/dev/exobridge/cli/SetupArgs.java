package dev.exobridge.cli;

import dev.exobridge.setup.ExecutionPolicy;
import dev.exobridge.setup.ModuleSpec;
import dev.exobridge.setup.PwshArchive;
import dev.exobridge.setup.RepositorySpec;
import dev.exobridge.setup.SetupOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options {@code doctor} and {@code setup} share, those that say what is wanted: the
 * module ({@link ModuleChoice}), no module, the execution policy. What only {@code setup} takes,
 * because it changes things, is {@link Apply}. Turned into the library's {@link SetupOptions} by
 * {@link #options(ExoBridgeCommand, Apply)}.
 */
final class SetupArgs {
    @Mixin
    ModuleChoice module;

    @Option(names = "--no-module", description = "Check and install no module (the module step is skipped).")
    boolean noModule;

    @Option(names = "--execution-policy", paramLabel = "POLICY",
            description = "The execution policy wanted for CurrentUser on Windows: RemoteSigned (default), AllSigned, "
                    + "Unrestricted, Bypass or Restricted. Elsewhere the step is not applicable.")
    String executionPolicy;

    /** What only {@code setup} takes: trust, updating the module, WinRM, a pwsh archive to install from. */
    static final class Apply {
        @Option(names = {"--trust", "--trust-repository"},
                description = "Trust the repository: install from it without PowerShell's untrusted-repository "
                        + "question (a folder or URL is registered as trusted).")
        boolean trust;

        @Option(names = "--update", description = "Update the module to the newest version the repository has.")
        boolean update;

        @Option(names = "--winrm",
                description = "Run 'winrm quickconfig' when WinRM is not configured (Windows; only legacy remote "
                        + "PowerShell needs it). Default: only report it.")
        boolean winrm;

        @Option(names = "--pwsh-from", paramLabel = "URL|FILE",
                description = "Install pwsh from this release archive when no usable pwsh is found (needs --pwsh-sha256).")
        String pwshFrom;

        @Option(names = "--pwsh-sha256", paramLabel = "HEX", description = "The SHA-256 of the --pwsh-from archive.")
        String pwshSha256;
    }

    /**
     * The library options these flags describe; {@code apply} is {@code null} for {@code doctor}.
     *
     * @throws UsageException when a value is wrong
     */
    SetupOptions options(ExoBridgeCommand root, Apply apply) {
        Apply a = apply != null ? apply : new Apply();
        boolean trust = a.trust;
        String pwshFrom = a.pwshFrom;
        String pwshSha256 = a.pwshSha256;
        SetupOptions.Builder b = SetupOptions.builder()
                .pwsh(root.pwsh())
                .environment(root.io().environment())
                .listener(root.reporter())
                .winrmQuickConfig(a.winrm)
                .updateModule(a.update)
                .tool(module.tool());
        try {
            if (executionPolicy != null) {
                b.executionPolicy(ExecutionPolicy.parse(executionPolicy));
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("--execution-policy: " + e.getMessage(), e);
        }
        RepositoryArg repo = module.repositoryArg();
        if (repo.location() != null) {
            b.repository(repo.location().trusted(trust));
        } else {
            // A registered repository's name (PSGallery among them): used as it is registered.
            b.repository(RepositorySpec.registered(repo.name()).trusted(trust));
        }
        ModuleSpec spec = module.spec(null, trust);
        b.module(noModule ? null : spec);
        if ((pwshFrom == null) != (pwshSha256 == null)) {
            throw new UsageException("--pwsh-from and --pwsh-sha256 go together: give the archive and its SHA-256");
        }
        if (pwshFrom != null) {
            try {
                b.pwshArchive(PwshArchive.parse(pwshFrom, pwshSha256));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage(), e);
            }
        }
        return b.build();
    }
}
