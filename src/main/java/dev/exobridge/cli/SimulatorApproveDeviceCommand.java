package dev.exobridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code exo-bridge simulator approve-device}: completes waiting device-code sign-ins. */
@Command(name = "approve-device", sortOptions = false,
        description = "Approves the device-code sign-ins waiting in the tenant (Connect-ExchangeOnline -Device), "
                + "as a browser sign-in would. Exit 1 when none is waiting.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  exo-bridge simulator approve-device --state ./tenant.json",
            "  exo-bridge simulator approve-device --state ./tenant.json --code ABCD1234E --user admin@contoso.onmicrosoft.com",
        })
final class SimulatorApproveDeviceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--state", paramLabel = "FILE", description = "The tenant's state file. Default: the user's.")
    Path state;

    @Option(names = "--code", paramLabel = "CODE", description = "Approve only this code. Default: every waiting one.")
    String code;

    @Option(names = "--user", paramLabel = "UPN", description = "Sign in as this user. Default: the tenant's first user.")
    String user;

    @Override
    public Integer call() {
        ExoBridgeCommand root = Commands.root(spec);
        Path p = SimulatorCommand.existingState(root, state);
        List<JsonNode> approved = SimulatorCommand.call(() -> SimulatorCommand.simulator(root).approveDevice(p, code, user));
        for (JsonNode n : approved) {
            root.io().out().println("approved " + n.path("Code").asText() + " as " + n.path("UserPrincipalName").asText());
        }
        root.io().out().flush();
        return ExitCode.OK.code();
    }
}
