package dev.exobridge.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code exo-bridge simulator info}: prints a tenant as JSON (no secrets). Exit 3 when the state is missing. */
@Command(name = "info", sortOptions = false,
        description = "Prints the simulated tenant as JSON: organization, tenant id, mailboxes, apps and their "
                + "certificate thumbprints, users (names only), behaviour, changes, connections. No secrets.",
        footerHeading = "%nExamples:%n",
        footer = {"  exo-bridge simulator info --state ./tenant.json"})
final class SimulatorInfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--state", paramLabel = "FILE",
            description = "The tenant's state file. Default: the user's (see docs/simulator.md).")
    Path state;

    @Override
    public Integer call() {
        ExoBridgeCommand root = Commands.root(spec);
        Path p = SimulatorCommand.existingState(root, state);
        SimulatorCommand.print(root, SimulatorCommand.call(() -> SimulatorCommand.simulator(root).info(p)));
        return ExitCode.OK.code();
    }
}
