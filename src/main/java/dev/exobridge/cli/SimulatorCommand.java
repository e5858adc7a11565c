package dev.exobridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exobridge.simulator.Simulator;
import dev.exobridge.simulator.SimulatorException;
import dev.exobridge.simulator.SimulatorModule;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code exo-bridge simulator}: the offline Exchange Online simulator (docs/simulator.md): create
 * a tenant, describe it, approve a device-code sign-in, publish the module as packages.
 */
@Command(name = "simulator",
        description = {
            "The offline Exchange Online simulator: a module named ExchangeOnlineManagement that serves a",
            "simulated tenant from a state file, for tests without a tenant (see docs/simulator.md).",
            "Use it with: exo-bridge run --simulator [--simulator-state FILE] ...",
        },
        subcommands = {SimulatorInitCommand.class, SimulatorInfoCommand.class, SimulatorPublishCommand.class,
            SimulatorApproveDeviceCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  exo-bridge simulator init --state ./tenant.json --organization contoso --mailboxes 1000",
            "  exo-bridge simulator init --organization contoso --app-id 6f2c...-... --certificate app.cer",
            "  exo-bridge simulator info --state ./tenant.json",
            "  exo-bridge simulator approve-device --state ./tenant.json",
            "  exo-bridge simulator publish --to ./repo --version 3.9.2 --version 3.10.1",
            "  exo-bridge run --simulator --simulator-state ./tenant.json -c 'Connect-ExchangeOnline ...'",
        })
final class SimulatorCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "say what to do: init, info, publish or approve-device");
    }

    /** The simulator's operations with the global options' pwsh and the io's environment. */
    static Simulator simulator(ExoBridgeCommand root) {
        return Simulator.create(root.sessionOptions(), root.io().environment());
    }

    /** {@code state}, or the default state file; absolute. */
    static Path state(ExoBridgeCommand root, Path state) {
        return (state != null ? state : SimulatorModule.defaultStateFile(root.io().environment())).toAbsolutePath().normalize();
    }

    /** Refuses a state file that does not exist (exit 3) with the command that makes one. */
    static Path existingState(ExoBridgeCommand root, Path state) {
        Path p = state(root, state);
        if (!Files.isRegularFile(p)) {
            throw new ExitCodeException(ExitCode.PREREQUISITE_MISSING, "The simulator state " + p
                    + " does not exist. Create the tenant first: exo-bridge simulator init --state " + p + " --organization ORG");
        }
        return p;
    }

    /** Runs a simulator operation; its refusals exit with 1 and the module's text. */
    static <T> T call(java.util.function.Supplier<T> op) {
        try {
            return op.get();
        } catch (SimulatorException e) {
            throw new ExitCodeException(ExitCode.POWERSHELL_ERROR, e.getMessage());
        }
    }

    static void print(ExoBridgeCommand root, JsonNode node) {
        root.io().out().println(JsonOutput.pretty(node));
        root.io().out().flush();
    }
}
