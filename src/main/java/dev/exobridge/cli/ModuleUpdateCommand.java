package dev.exobridge.cli;

import picocli.CommandLine.Command;

/**
 * {@code exo-bridge module update}: installs the newest version meeting {@code --version} beside
 * the installed ones when it is newer than all of them. Exit 3 when the module is not installed
 * or cannot be updated.
 */
@Command(name = "update", sortOptions = false,
        description = "Installs the newest version meeting --version when it is newer than the installed ones.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  exo-bridge module update",
            "  exo-bridge module update --version '<=3.9.0' --json",
        })
final class ModuleUpdateCommand extends ModuleSubcommand {
    @Override
    public Integer call() {
        return ModuleChanges.run(spec, module, format, true);
    }
}
