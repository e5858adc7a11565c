package dev.exobridge.cli;

import dev.exobridge.session.SessionOptions;
import dev.exobridge.simulator.SimulatorModule;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --simulator [--simulator-state FILE]}, shared by {@code run} and {@code connect}. */
final class SimulatorOptions {
    @Option(names = "--simulator",
            description = "Use the offline Exchange Online simulator: its ExchangeOnlineManagement module first on this "
                    + "session's PSModulePath and $env:EXO_SIMULATOR_STATE set. Connects nothing by itself.")
    boolean simulator;

    @Option(names = "--simulator-state", paramLabel = "FILE",
            description = "The simulated tenant's state file (with --simulator). Default: the user's (docs/simulator.md).")
    Path simulatorState;

    /** {@code base} with the simulator's module and state when asked for. */
    SessionOptions apply(ExoBridgeCommand root, SessionOptions base) {
        if (simulatorState != null && !simulator) {
            throw new UsageException("--simulator-state needs --simulator");
        }
        if (!simulator) {
            return base;
        }
        Path state = SimulatorCommand.existingState(root, simulatorState);
        return SimulatorModule.configure(base.toBuilder(), state, root.io().environment()).build();
    }
}
