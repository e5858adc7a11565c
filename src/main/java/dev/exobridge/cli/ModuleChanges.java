package dev.exobridge.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exobridge.setup.ModuleChange;
import dev.exobridge.setup.ModuleSpec;
import picocli.CommandLine.Model.CommandSpec;

/** What {@code module install} and {@code module update} share: run the change, print its outcome. */
final class ModuleChanges {
    private ModuleChanges() {
    }

    static int run(CommandSpec spec, ModuleOptions module, FormatOptions format, boolean update) {
        ExoBridgeCommand root = Commands.root(spec);
        OutputFormat fmt = format.resolveReport();
        module.spec(null); // usage errors before pwsh starts
        Reporter reporter = root.reporter();
        ModuleChange change;
        try (ModuleSession s = new ModuleSession(root, module)) {
            ModuleSpec ms = module.spec(s.repository(reporter));
            change = update ? s.modules().update(ms, reporter) : s.modules().install(ms, reporter);
        }
        ObjectNode o = JsonOutput.MAPPER.valueToTree(change);
        Reports.print(root.io().out(), fmt, o);
        return ExitCode.OK.code();
    }
}
