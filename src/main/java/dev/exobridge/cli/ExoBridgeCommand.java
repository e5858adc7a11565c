package dev.exobridge.cli;

import dev.exobridge.session.SessionOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code exo-bridge} command: the global options, inherited by every subcommand (so they may
 * stand before or after the subcommand's name), and the list of subcommands. Without a
 * subcommand it prints its usage on stderr and exits with {@link ExitCode#USAGE}.
 *
 * <p>Global options, all off by default: {@code --pwsh PATH} (else {@code EXOBRIDGE_PWSH}, else
 * discovery), {@code --quiet}, {@code --verbose}, {@code --errors-as-json}, and {@code --help}
 * on every command. {@code --version} is exo-bridge's on this command only, because the module
 * commands take {@code --version} for the module's version.
 */
@Command(name = "exo-bridge",
        scope = ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Runs real PowerShell (pwsh) and prints its output as JSON; sets up a machine for "
                + "Exchange Online PowerShell.",
        subcommands = {
            RunCommand.class,
            ConnectCommand.class,
            DoctorCommand.class,
            SetupCommand.class,
            ModuleCommand.class,
            SimulatorCommand.class,
            PwshCommand.class,
            CompletionCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        footerHeading = "%nExamples:%n",
        footer = {
            "  exo-bridge run -c 'Get-Date'",
            "  exo-bridge run -c 'param($Name) \"hi $Name\"' --param Name=Ada",
            "  exo-bridge connect --profile contoso",
            "  exo-bridge doctor",
            "  exo-bridge setup --check",
            "  exo-bridge pwsh info --json",
            "  source <(exo-bridge completion)",
        })
public final class ExoBridgeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    // Not picocli's standard help mixin: module commands use --version for the module's version,
    // so exo-bridge's own --version lives on the top command only, and --help everywhere.
    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT,
            description = "Show this help with examples and exit codes.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, scope = ScopeType.LOCAL,
            description = "Print exo-bridge's version (and Java's and the OS's).")
    boolean version;

    @Option(names = "--pwsh", paramLabel = "PATH", scope = ScopeType.INHERIT,
            description = "The pwsh to run. Default: $EXOBRIDGE_PWSH, else the pwsh exo-bridge installed, "
                    + "else PATH and the standard install locations.")
    Path pwsh;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Hide warning, verbose, debug and information records and progress on stderr; "
                    + "errors still show.")
    boolean quiet;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print exo-bridge's own log lines (debug level) on stderr.")
    boolean verbose;

    @Option(names = "--errors-as-json", scope = ScopeType.INHERIT,
            description = "Write errors on stderr as one JSON object a line instead of text.")
    boolean errorsAsJson;

    private final CliIo io;
    private Reporter reporter;

    ExoBridgeCommand(CliIo io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        spec.commandLine().getErr().flush();
        return ExitCode.USAGE.code();
    }

    /** Where commands read and write. */
    CliIo io() {
        return io;
    }

    /** The stderr reporter for this run, made once from the global options. */
    Reporter reporter() {
        if (reporter == null) {
            reporter = new Reporter(io.err(), quiet, errorsAsJson, io.stderrIsTerminal());
        }
        return reporter;
    }

    /** The explicit pwsh from {@code --pwsh}, or {@code null} for discovery. */
    Path pwsh() {
        return pwsh;
    }

    /**
     * Session options for commands that run PowerShell: the chosen pwsh, otherwise the defaults;
     * the secret {@code EXOBRIDGE_*} variables are removed from pwsh's environment (by {@code
     * PwshLaunch}, for every session).
     */
    SessionOptions sessionOptions() {
        return sessionOptions(pwsh);
    }

    /** {@link #sessionOptions()} for the explicit pwsh {@code pwsh} (null: discovery). */
    static SessionOptions sessionOptions(Path pwsh) {
        return SessionOptions.builder().pwsh(pwsh).build();
    }


    /** Whether {@code --verbose} was given. */
    boolean verbose() {
        return verbose;
    }
}
