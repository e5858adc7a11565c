package dev.exobridge.cli;

import dev.exobridge.setup.Setup;
import dev.exobridge.setup.SetupPlan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code exo-bridge doctor}: checks every prerequisite ({@link Setup#STEPS}: pwsh, execution
 * policy, TLS, WinRM, repository, module) and changes nothing, downloads nothing. Exit 0 when
 * every check is ok or not applicable; 3 when one would need a change or failed.
 */
@Command(name = "doctor", sortOptions = false,
        description = {
            "Checks every prerequisite (pwsh, execution policy, TLS, WinRM, repository, module); changes nothing.",
            "Exits 3 when a check is not ok; 'exo-bridge setup' fixes what can be fixed.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  exo-bridge doctor",
            "  exo-bridge doctor --json",
            "  exo-bridge doctor --name Pester --repository ./offline-repo --version '>=5.0'",
        })
final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SetupArgs args;

    @Mixin
    FormatOptions format;

    @Override
    public Integer call() {
        ExoBridgeCommand root = Commands.root(spec);
        OutputFormat fmt = format.resolveReport();
        SetupPlan plan = new Setup(args.options(root, null)).plan();
        root.reporter().done();
        Reports.steps(root.io().out(), fmt, plan.toJson());
        return plan.isSatisfied() ? ExitCode.OK.code() : ExitCode.PREREQUISITE_MISSING.code();
    }
}
