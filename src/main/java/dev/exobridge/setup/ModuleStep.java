package dev.exobridge.setup;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exobridge.pwsh.PwshVersion;
import java.util.List;
import java.util.Optional;

/**
 * Module (ExchangeOnlineManagement by default): installed in a version meeting the spec (updated
 * to the newest when asked), importable, exposing its key command, and not needing a newer pwsh
 * than the session's. Skipped when no module is asked for.
 */
final class ModuleStep implements SetupStep {
    static final String NAME = "module";
    /** Said of an installed simulator: a warning, not a failure (tests may want it installed). */
    static final String SIMULATOR_WARNING = "WARNING: this is the exo-bridge Exchange Online simulator (tag Simulator), "
            + "not Microsoft's module";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StepCheck check(SetupContext ctx) {
        ModuleSpec spec = ctx.moduleSpec();
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        if (spec == null) {
            return StepCheck.skipped("no module asked for", details);
        }
        details.put("name", spec.name());
        details.put("wanted", spec.version().toString());
        details.put("repository", spec.repository());
        List<InstalledModule> installed = ctx.modules().list(spec.name());
        details.set("installed", ScriptRunner.MAPPER.valueToTree(installed));
        Optional<InstalledModule> chosen = chosen(spec, installed);
        if (chosen.isEmpty()) {
            String state = installed.isEmpty() ? spec.name() + " is not installed"
                    : spec.name() + " " + versions(installed) + " installed, but " + spec.version().describe() + " is wanted";
            return StepCheck.change(state, "install " + spec.name() + " (" + spec.version().describe() + ") from "
                    + spec.repository() + " for " + spec.scope().psName(), details);
        }
        InstalledModule m = chosen.get();
        details.put("version", m.version());
        details.put("path", m.path());
        if (ctx.options().updateModule()) {
            AvailableModule newest = ctx.modules().findNewest(spec);
            details.put("newest", newest.version());
            if (ModuleVersion.compare(newest.version(), m.version()) > 0) {
                return StepCheck.change(spec.name() + " " + m.version() + " installed", "update " + spec.name() + " to "
                        + newest.version() + " from " + spec.repository(), details);
            }
        }
        String needs = m.powerShellVersion();
        PwshVersion have = PwshVersion.parse(ctx.platform().psVersion());
        if (needs != null && !have.isAtLeast(PwshVersion.parse(needs))) {
            return StepCheck.failed(spec.name() + " " + m.version() + " needs PowerShell " + needs + ", but this pwsh is "
                    + have + ". Install a newer pwsh (exo-bridge pwsh install)", details);
        }
        ImportCheck imp = ctx.modules().checkImport(spec.name(), m.version(), spec.keyCommand());
        details.set("import", SetupContext.json(imp));
        details.put("simulator", m.simulator());
        String state = spec.name() + " " + m.version() + " at " + m.path() + "; " + imp.describe()
                + (m.simulator() ? "; " + SIMULATOR_WARNING : "");
        return imp.isOk() ? StepCheck.ok(state, details) : StepCheck.failed(state, details);
    }

    @Override
    public String apply(SetupContext ctx, StepCheck check) {
        ModuleSpec spec = ctx.moduleSpec();
        ModuleChange c = check.change().startsWith("update ")
                ? ctx.modules().update(spec, ctx.options().listener())
                : ctx.modules().install(spec, ctx.options().listener());
        return (c.action().equals("Update") ? "updated " : "installed ") + c.name() + " " + c.version() + " from "
                + c.repository() + " with " + c.tool() + " into " + c.path();
    }

    /** The newest installed version that meets the spec. */
    static Optional<InstalledModule> chosen(ModuleSpec spec, List<InstalledModule> installed) {
        return installed.stream().filter(m -> spec.version().matches(m.version()))
                .max((a, b) -> ModuleVersion.compare(a.version(), b.version()));
    }

    private static String versions(List<InstalledModule> installed) {
        return String.join(", ", installed.stream().map(InstalledModule::version).distinct().toList());
    }
}
