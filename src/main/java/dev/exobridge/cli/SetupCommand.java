package dev.exobridge.cli;

import dev.exobridge.setup.Setup;
import dev.exobridge.setup.SetupPlan;
import dev.exobridge.setup.SetupReport;
import dev.exobridge.setup.StepCheck;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code exo-bridge setup}: brings every prerequisite about, idempotently, and reports each step
 * ok, changed, skipped or failed; a second run reports nothing changed. {@code --check} shows the
 * plan (what {@code doctor} shows) and changes nothing; it exits 0 unless a step failed (3). Otherwise
 * exit 0 when no step failed, 3 when one did.
 */
@Command(name = "setup", sortOptions = false,
        description = {
            "Brings the prerequisites about idempotently: pwsh (from --pwsh-from), execution policy, TLS, WinRM "
                    + "(with --winrm), repository, module.",
            "--check shows what would change and changes nothing.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  exo-bridge setup --check",
            "  exo-bridge setup --trust",
            "  exo-bridge setup --repository ./offline-repo --trust --version 3.5.0 --json",
            // Short lines: picocli wraps a footer line past the width, and a URL broken in two cannot be copied.
            "  exo-bridge setup --pwsh-sha256 <hex> \\",
            "      --pwsh-from https://example.org/pwsh-7.6.9-linux-x64.tar.xz",
            "  exo-bridge setup --execution-policy RemoteSigned --winrm      # Windows",
        })
final class SetupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--check", description = "Show the plan; change nothing, download nothing.")
    boolean check;

    @Mixin
    SetupArgs args;

    @Mixin
    SetupArgs.Apply apply;

    @Mixin
    FormatOptions format;

    @Override
    public Integer call() {
        ExoBridgeCommand root = Commands.root(spec);
        OutputFormat fmt = format.resolveReport();
        Setup setup = new Setup(args.options(root, apply));
        if (check) {
            SetupPlan plan = setup.plan();
            root.reporter().done();
            Reports.steps(root.io().out(), fmt, plan.toJson());
            // Changes to make are what --check is for; a step that failed is what exit 3 means, as for doctor.
            return plan.count(StepCheck.Status.FAILED) > 0 ? ExitCode.PREREQUISITE_MISSING.code() : ExitCode.OK.code();
        }
        SetupReport report = setup.apply();
        root.reporter().done();
        Reports.steps(root.io().out(), fmt, report.toJson());
        return report.succeeded() ? ExitCode.OK.code() : ExitCode.PREREQUISITE_MISSING.code();
    }
}
