package dev.exobridge.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exobridge.setup.ModuleRemoval;
import dev.exobridge.setup.VersionRequirement;
import picocli.CommandLine.Command;

/**
 * {@code exo-bridge module uninstall}: removes one version ({@code --version X}) or every version
 * of the module from the CurrentUser and AllUsers module folders; removing what is not there
 * changes nothing. Prints {@code name, tool, removed, remaining, changed}.
 */
@Command(name = "uninstall", sortOptions = false,
        description = "Uninstalls one version (--version X) or every version of the module.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  exo-bridge module uninstall",
            "  exo-bridge module uninstall --name Pester --version 5.7.1 --json",
        })
final class ModuleUninstallCommand extends ModuleSubcommand {
    @Override
    public Integer call() {
        ExoBridgeCommand root = Commands.root(spec);
        OutputFormat fmt = format.resolveReport();
        VersionRequirement wanted = module.requirement();
        if (!wanted.isAny() && wanted.required() == null) {
            throw new UsageException("--version " + module.version + ": uninstall takes one exact version (3.5.0), "
                    + "or none to remove every version");
        }
        String name = module.spec(null).name();
        ModuleRemoval removal;
        try (ModuleSession s = new ModuleSession(root, module)) {
            removal = wanted.isAny() ? s.modules().uninstallAll(name) : s.modules().uninstall(name, wanted.required());
        }
        ObjectNode o = JsonOutput.MAPPER.valueToTree(removal);
        o.put("changed", removal.changed());
        Reports.print(root.io().out(), fmt, o);
        return ExitCode.OK.code();
    }
}
