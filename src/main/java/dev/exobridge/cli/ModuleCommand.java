package dev.exobridge.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code exo-bridge module}: install, update, uninstall or list a PowerShell module. */
@Command(name = "module",
        description = "Installs, updates, uninstalls or lists a PowerShell module (default: ExchangeOnlineManagement), "
                + "idempotently: doing what is already done changes nothing and says so.",
        subcommands = {ModuleInstallCommand.class, ModuleUpdateCommand.class, ModuleUninstallCommand.class,
            ModuleListCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  exo-bridge module install --trust",
            "  exo-bridge module install --version '>=3.5.0' --scope CurrentUser --trust",
            "  exo-bridge module install --name Pester --repository ./offline-repo --trust",
            "  exo-bridge module update",
            "  exo-bridge module list --json",
            "  exo-bridge module uninstall --version 3.4.0",
        })
final class ModuleCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new UsageException("say what to do with the module: install, update, uninstall or list");
    }
}
