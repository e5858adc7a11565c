package dev.exobridge.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code exo-bridge pwsh}: the PowerShell exo-bridge runs: {@code info} and {@code install}. */
@Command(name = "pwsh",
        description = "About the PowerShell (pwsh) exo-bridge runs: show it, or install one.",
        subcommands = {PwshInfoCommand.class, PwshInstallCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  exo-bridge pwsh info",
            "  exo-bridge pwsh install --from ./pwsh-7.6.9-linux-x64.tar.xz --sha256 <64 hex digits>",
        })
final class PwshCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new UsageException("say what to do with pwsh: info or install");
    }
}
