package dev.exobridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code exo-bridge simulator publish}: writes the simulator as real .nupkg packages into a folder. */
@Command(name = "publish", sortOptions = false,
        description = {
            "Writes the simulator as ExchangeOnlineManagement.<version>.nupkg packages (PSResourceGet) into a folder,",
            "so that 'exo-bridge setup --repository DIR --trust' and 'module install/update/uninstall' work on it.",
            "An existing package of the same version is replaced.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  exo-bridge simulator publish --to ./repo",
            "  exo-bridge simulator publish --to ./repo --version 3.9.2 --version 3.10.1",
        })
final class SimulatorPublishCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--to", paramLabel = "DIR", required = true, description = "The folder to write the packages into (made if missing).")
    Path to;

    @Option(names = "--version", paramLabel = "V",
            description = "A ModuleVersion to publish (like 3.10.1); repeatable. Default: the simulator's own.")
    List<String> versions = new ArrayList<>();

    @Override
    public Integer call() {
        ExoBridgeCommand root = Commands.root(spec);
        List<JsonNode> out = SimulatorCommand.call(() -> SimulatorCommand.simulator(root).publish(to, versions));
        for (JsonNode n : out) {
            root.io().out().println(n.path("Package").asText());
        }
        root.io().out().flush();
        return ExitCode.OK.code();
    }
}
