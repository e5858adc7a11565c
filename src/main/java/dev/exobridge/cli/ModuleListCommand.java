package dev.exobridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exobridge.setup.InstalledModule;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code exo-bridge module list}: every installed copy of the module pwsh can load, newest
 * first ({@code name, version, path, powerShellVersion}); JSON is an array, empty when none.
 * Exit 0 either way: use {@code doctor} to check that a module is there.
 */
@Command(name = "list", sortOptions = false,
        description = "Lists the installed versions of the module that pwsh can load, newest first.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  exo-bridge module list",
            "  exo-bridge module list --name Pester --json",
        })
final class ModuleListCommand extends ModuleSubcommand {
    @Override
    public Integer call() {
        ExoBridgeCommand root = Commands.root(spec);
        OutputFormat fmt = format.resolveReport();
        String name = module.spec(null).name();
        List<InstalledModule> installed;
        try (ModuleSession s = new ModuleSession(root, module)) {
            installed = s.modules().list(name);
        }
        JsonNode list = JsonOutput.MAPPER.valueToTree(installed);
        for (InstalledModule m : installed) {
            if (m.simulator()) {
                root.reporter().note("warning: " + m.name() + " " + m.version() + " at " + m.path()
                        + " is the exo-bridge Exchange Online simulator (tag Simulator), not Microsoft's module");
            }
        }
        if (fmt == OutputFormat.TABLE && installed.isEmpty()) {
            root.reporter().note(name + " is not installed");
        }
        Reports.print(root.io().out(), fmt, list);
        return ExitCode.OK.code();
    }
}
