package dev.exobridge.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exobridge.pwsh.PwshInstallation;
import dev.exobridge.setup.PwshArchive;
import dev.exobridge.setup.PwshInstaller;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code exo-bridge pwsh install --from URL|FILE --sha256 HEX}: installs PowerShell from a release
 * archive into the user's exo-bridge folder and records it in the settings file, so discovery
 * uses it from then on ({@link PwshInstaller}). Nothing unverified is unpacked. When the recorded
 * pwsh came from an archive with that SHA-256 and still runs, nothing changes. Exit 3 when the
 * install fails (nothing is left half-installed).
 *
 * <p>Prints {@code status} ({@code ok} or {@code changed}), {@code executable}, {@code version},
 * {@code from}, {@code installRoot}, {@code settingsFile}.
 */
@Command(name = "install", sortOptions = false,
        description = "Installs pwsh from a PowerShell release archive (.tar.gz, .tar.xz or .zip) after checking its SHA-256, "
                + "and records it so exo-bridge uses it.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  exo-bridge pwsh install --from ./powershell-7.4.6-linux-x64.tar.gz --sha256 <64 hex digits>",
            "  exo-bridge pwsh install --sha256 <64 hex digits> \\",
            "      --from https://example.org/powershell-7.4.6-linux-x64.tar.gz",
        })
final class PwshInstallCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "URL|FILE", required = true,
            description = "The release archive: an http(s) URL or a file.")
    String from;

    @Option(names = "--sha256", paramLabel = "HEX", required = true,
            description = "Its SHA-256 (64 hex digits, from the release's hashes.sha256).")
    String sha256;

    @Mixin
    FormatOptions format;

    @Override
    public Integer call() {
        ExoBridgeCommand root = Commands.root(spec);
        OutputFormat fmt = format.resolveReport();
        PwshArchive archive;
        try {
            archive = PwshArchive.parse(from, sha256);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        PwshInstaller installer = PwshInstaller.builder().environment(root.io().environment()).build();
        Reporter reporter = root.reporter();
        Optional<PwshInstallation> existing = installer.installedFrom(archive);
        PwshInstallation installed;
        if (existing.isPresent()) {
            installed = existing.get();
        } else {
            String activity = "Installing pwsh";
            // Each step as the installer starts it: "unpacking" only after the checksum matched.
            boolean ok = false;
            try {
                installed = installer.install(archive, step -> reporter.progress(activity, step, -1, false));
                ok = true;
            } finally {
                // "done" only when it is; a failure's message follows instead.
                reporter.progressEnded(activity, ok);
            }
        }
        ObjectNode o = Reports.object();
        o.put("status", existing.isPresent() ? "ok" : "changed");
        o.put("executable", installed.executable().toString());
        o.put("version", installed.version().toString());
        o.put("from", archive.location());
        o.put("installRoot", installer.installRoot().toString());
        o.put("settingsFile", installer.settingsFile().toString());
        Reports.print(root.io().out(), fmt, o);
        return ExitCode.OK.code();
    }
}
