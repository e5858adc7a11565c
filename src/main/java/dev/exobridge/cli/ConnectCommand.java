package dev.exobridge.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exobridge.exchange.ConnectionInfo;
import dev.exobridge.exchange.ExchangeSession;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code exo-bridge connect}: connects to Exchange Online with the auth options, prints the
 * connection information (a table, or one JSON object with {@code --json}) and disconnects.
 * Exit 0; 5 when signing in failed; 3 when the module is missing or this pwsh cannot run it;
 * 75 when the service was throttling or had a fault; 2 for options that cannot work.
 */
@Command(name = "connect", sortOptions = false,
        description = {
            "Connects to Exchange Online, prints the connection information and disconnects.",
            "Secrets come from files, stdin ('-') or $EXOBRIDGE_* variables, never from a flag's value.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  exo-bridge connect --organization contoso.onmicrosoft.com --app-id 11111111-2222-3333-4444-555555555555 \\",
            "      --certificate-file /secrets/app.pfx --certificate-password-file /secrets/app.pw",
            "  exo-bridge connect --managed-identity --organization contoso.onmicrosoft.com --json",
            "  EXOBRIDGE_ACCESS_TOKEN_FILE=/run/token exo-bridge connect --organization contoso.onmicrosoft.com",
            "  exo-bridge connect --profile contoso",
            "  exo-bridge connect --simulator --organization contoso.onmicrosoft.com --user admin@contoso.onmicrosoft.com \\",
            "      --password-file pw.txt",
        })
final class ConnectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AuthOptions auth;

    @Mixin
    SimulatorOptions simulator;

    @Mixin
    FormatOptions format;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long connecting may take (30s, 5m). Default: 2m.")
    Duration timeout;

    @Override
    public Integer call() {
        ExoBridgeCommand root = Commands.root(spec);
        OutputFormat fmt = format.resolveReport();
        try (ExchangeSession x = ExchangeCli.open(root, auth, simulator, false, timeout)) {
            Reports.print(root.io().out(), fmt, json(x.connection(), x));
        }
        return ExitCode.OK.code();
    }

    static ObjectNode json(ConnectionInfo c, ExchangeSession x) {
        ObjectNode o = JsonOutput.MAPPER.createObjectNode();
        o.put("connectionId", c.connectionId());
        o.put("state", c.state());
        o.put("organization", c.organization());
        o.put("tenantId", c.tenantId());
        o.put("appId", c.appId());
        o.put("userPrincipalName", c.userPrincipalName());
        o.put("tokenExpiry", c.tokenExpiry() == null ? null : c.tokenExpiry().toString());
        o.put("tokenStatus", c.tokenStatus());
        o.put("authMode", x.auth().mode());
        o.put("module", x.module().version() + (x.module().simulator() ? " (simulator)" : ""));
        return o;
    }
}
