package dev.exobridge.cli;

import dev.exobridge.simulator.TenantSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code exo-bridge simulator init}: creates a simulated tenant in a state file (through the
 * module, under its lock) and prints it as {@code simulator info} does.
 */
@Command(name = "init", sortOptions = false,
        description = {
            "Creates a simulated tenant: its organization and tenant id, N mailboxes generated from the seed,",
            "apps with the public part of their certificate, users with salted password hashes (never the text).",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  exo-bridge simulator init --state ./tenant.json --organization contoso --mailboxes 100000 --seed 7",
            "  exo-bridge simulator init --state ./tenant.json --organization contoso \\",
            "      --app-id 6f2c1a7e-0000-4000-8000-000000000001 --certificate ./app.cer \\",
            "      --user admin@contoso.onmicrosoft.com --password-file ./admin.txt --token-lifetime 30s",
        })
final class SimulatorInitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--state", paramLabel = "FILE", description = "The state file to create. Default: the user's (see docs/simulator.md).")
    Path state;

    @Option(names = "--organization", paramLabel = "ORG", required = true,
            description = "The tenant: contoso or contoso.onmicrosoft.com.")
    String organization;

    @Option(names = "--mailboxes", paramLabel = "N", description = "Mailboxes to generate. Default: 10.")
    Integer mailboxes;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the generated names, addresses, sizes and dates. Default: 1.")
    String seed;

    @ArgGroup(exclusive = false, multiplicity = "0..*")
    List<AppArg> apps = new ArrayList<>();

    @ArgGroup(exclusive = false, multiplicity = "0..*")
    List<UserArg> users = new ArrayList<>();

    /** An app and its public certificate. */
    static final class AppArg {
        @Option(names = "--app-id", paramLabel = "ID", required = true, description = "An app registration's id (a GUID); repeatable.")
        String appId;

        @Option(names = "--certificate", paramLabel = "FILE.cer|FILE.pem", required = true,
                description = "The app's public certificate (.cer or .pem; no private key).")
        Path certificate;
    }

    /** A user and the file holding its password. */
    static final class UserArg {
        @Option(names = "--user", paramLabel = "UPN", required = true, description = "A user who signs in with a password; repeatable.")
        String user;

        @Option(names = "--password-file", paramLabel = "FILE", required = true,
                description = "The file holding that user's password (only a salted hash is stored).")
        Path passwordFile;
    }

    @Option(names = "--token-lifetime", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a token lasts (30s, 5m, 1h). Default: 60m.")
    Duration tokenLifetime;

    @Option(names = "--device-code-lifetime", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a device code waits for approval. Default: 15m.")
    Duration deviceCodeLifetime;

    @Option(names = "--latency", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Latency added to every cmdlet call. Default: none.")
    Duration latency;

    @Option(names = "--throttle-every", paramLabel = "N", description = "The 'Micro delay applied' warning every Nth call. Default: never.")
    Integer throttleEvery;

    @Option(names = "--transient-error-every", paramLabel = "N", description = "A transient server error every Nth call. Default: never.")
    Integer transientErrorEvery;

    @Option(names = "--max-concurrency", paramLabel = "K",
            description = "Processes that may be connected at once for one app or user; one more is refused. Default: 3.")
    Integer maxConcurrency;

    @Option(names = "--azure-vm", description = "Say this host is an Azure VM, so managed identity works without its variables.")
    boolean azureVm;

    @Option(names = "--force", description = "Replace an existing state (its changes are lost).")
    boolean force;

    @Override
    public Integer call() {
        ExoBridgeCommand root = Commands.root(spec);
        TenantSpec.Builder b = TenantSpec.builder(organization);
        if (mailboxes != null) {
            if (mailboxes < 0) {
                throw new UsageException("--mailboxes " + mailboxes + " is negative");
            }
            b.mailboxes(mailboxes);
        }
        if (seed != null) {
            b.seed(seed);
        }
        apps.forEach(a -> b.app(a.appId, a.certificate));
        users.forEach(u -> b.user(u.user, u.passwordFile));
        if (tokenLifetime != null) {
            b.tokenLifetime(tokenLifetime);
        }
        if (deviceCodeLifetime != null) {
            b.deviceCodeLifetime(deviceCodeLifetime);
        }
        if (latency != null) {
            b.latency(latency);
        }
        if (throttleEvery != null) {
            b.throttleEvery(throttleEvery);
        }
        if (transientErrorEvery != null) {
            b.transientErrorEvery(transientErrorEvery);
        }
        if (maxConcurrency != null) {
            b.maxConcurrency(maxConcurrency);
        }
        b.azureVm(azureVm).force(force);
        Path p = SimulatorCommand.state(root, state);
        TenantSpec tenant = b.build();
        SimulatorCommand.print(root, SimulatorCommand.call(() -> SimulatorCommand.simulator(root).init(p, tenant)));
        return ExitCode.OK.code();
    }
}
