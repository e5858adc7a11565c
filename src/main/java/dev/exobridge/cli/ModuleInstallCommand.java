package dev.exobridge.cli;

import dev.exobridge.setup.ModuleChange;
import picocli.CommandLine.Command;

/**
 * {@code exo-bridge module install}: installs the newest version meeting {@code --version}
 * unless an installed one already meets it. Prints the {@link ModuleChange} ({@code changed}
 * false when nothing was needed). Exit 3 when it cannot be installed (the message says why).
 */
@Command(name = "install", sortOptions = false,
        description = "Installs the module unless an installed version already meets --version.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  exo-bridge module install --trust",
            "  exo-bridge module install --version 3.5.0 --repository ./offline-repo --trust --json",
        })
final class ModuleInstallCommand extends ModuleSubcommand {
    @Override
    public Integer call() {
        return ModuleChanges.run(spec, module, format, false);
    }
}
