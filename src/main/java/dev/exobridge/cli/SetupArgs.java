package dev.exobridge.cli;

import dev.exobridge.setup.ExecutionPolicy;
import dev.exobridge.setup.ModuleSpec;
import dev.exobridge.setup.PwshArchive;
import dev.exobridge.setup.RepositorySpec;
import dev.exobridge.setup.SetupOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options {@code doctor} and {@code setup} share: the module options, the execution policy
 * wanted, WinRM, updating the module, and a pwsh archive to install from. Turned into the
 * library's {@link SetupOptions} by {@link #options(ExoBridgeCommand)}.
 */
final class SetupArgs {
    @Mixin
    ModuleOptions module;

    @Option(names = "--no-module", description = "Check and install no module (the module step is skipped).")
    boolean noModule;

    @Option(names = "--update", description = "Update the module to the newest version the repository has.")
    boolean update;

    @Option(names = "--execution-policy", paramLabel = "POLICY",
            description = "The execution policy wanted for CurrentUser on Windows: RemoteSigned (default), AllSigned, "
                    + "Unrestricted, Bypass or Restricted. Elsewhere the step is not applicable.")
    String executionPolicy;

    @Option(names = "--winrm",
            description = "Run 'winrm quickconfig' when WinRM is not configured (Windows; only legacy remote "
                    + "PowerShell needs it). Default: only report it.")
    boolean winrm;

    @Option(names = "--pwsh-from", paramLabel = "URL|FILE",
            description = "Install pwsh from this release archive when no usable pwsh is found (needs --pwsh-sha256).")
    String pwshFrom;

    @Option(names = "--pwsh-sha256", paramLabel = "HEX", description = "The SHA-256 of the --pwsh-from archive.")
    String pwshSha256;

    /**
     * The library options these flags describe.
     *
     * @throws UsageException when a value is wrong
     */
    SetupOptions options(ExoBridgeCommand root) {
        SetupOptions.Builder b = SetupOptions.builder()
                .pwsh(root.pwsh())
                .environment(root.io().environment())
                .listener(root.reporter())
                .winrmQuickConfig(winrm)
                .updateModule(update)
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
            b.repository(repo.location().trusted(module.trust));
        } else if (repo.isGallery()) {
            b.repository(RepositorySpec.gallery().trusted(module.trust));
        } else {
            throw new UsageException("--repository " + module.repository + ": setup registers the repository, so it "
                    + "needs a location: --repository " + repo.name() + "=FOLDER|URL (or PSGallery)");
        }
        ModuleSpec spec = module.spec(null);
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
