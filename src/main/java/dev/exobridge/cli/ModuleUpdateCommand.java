package dev.exobridge.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

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
final class ModuleUpdateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModuleOptions module;

    @Mixin
    FormatOptions format;

    @Override
    public Integer call() {
        return ModuleChanges.run(spec, module, format, true);
    }
}
