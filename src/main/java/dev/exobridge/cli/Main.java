package dev.exobridge.cli;

import dev.exobridge.session.HostPromptException;
import dev.exobridge.session.InvocationTimeoutException;
import dev.exobridge.session.PowerShellErrorException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.io.OutputStreamWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point of the {@code exo-bridge} command line ({@link #main}) and of in-process runs
 * ({@link #execute}): builds the picocli command tree, and turns every outcome into one of the
 * {@link ExitCode}s. Usage errors print what was wrong and how to get help; failures print their
 * message once on stderr (as JSON with {@code --errors-as-json}).
 */
public final class Main {
    private Main() {
    }

    /** Runs the command line in this process and exits with its {@link ExitCode}. */
    public static void main(String[] args) {
        // Before any class with a logger is loaded (picocli creates the command objects while
        // parsing), so the flags are read from the raw arguments here.
        List<String> list = Arrays.asList(args);
        Logging.configure(list.contains("--verbose"), list.contains("--quiet") || list.contains("-q"));
        String garbled = garbledArgument(args, System.getProperty("sun.jnu.encoding", ""));
        if (garbled != null) {
            System.err.println("exo-bridge: an argument is not readable in this locale's encoding ("
                    + System.getProperty("sun.jnu.encoding") + "): " + garbled + "; non-ASCII arguments need a UTF-8 "
                    + "locale: run it with LC_ALL=C.UTF-8 (bin/exo-bridge sets it by itself).");
            System.exit(ExitCode.USAGE.code());
        }
        RunSignals.enable();
        EarlyPwsh.startFor(args);
        int code;
        try {
            code = execute(CliIo.system(), args);
        } finally {
            EarlyPwsh.discard(); // an early pwsh that run did not take (a usage error, --help) ends here
        }
        System.exit(code);
    }

    /**
     * The first argument the JVM could not decode (it holds U+FFFD) when the locale's encoding
     * ({@code sun.jnu.encoding}, how Java decodes argv) is not UTF-8, else {@code null}: such an
     * argument is refused rather than run with its characters silently replaced.
     */
    static String garbledArgument(String[] args, String argvEncoding) {
        if (argvEncoding.replace("-", "").equalsIgnoreCase("UTF8")) {
            return null;
        }
        for (String a : args) {
            if (a.indexOf('\uFFFD') >= 0) {
                return a;
            }
        }
        return null;
    }

    /**
     * Runs the command line with {@code io} and returns the exit code, without exiting. Used by
     * tests to capture out, err and exit code. Logging is left as the caller set it up.
     */
    public static int execute(CliIo io, String... args) {
        ExoBridgeCommand root = new ExoBridgeCommand(io);
        CommandLine cl = commandLine(root, io);
        cl.setExecutionStrategy(parseResult -> {
            if (root.quiet && root.verbose) {
                throw new ParameterException(lastCommand(parseResult),
                        "--quiet and --verbose cannot be used together; give one of them");
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        // The flag is read from the raw arguments too: a usage error may stop parsing before it.
        boolean json = Arrays.asList(args).contains("--errors-as-json");
        cl.setParameterExceptionHandler((ex, ignored) -> usageError(root, json, ex.getCommandLine(), ex, plain(ex)));
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> failure(root, json, cmd, ex));
        try {
            return cl.execute(args);
        } finally {
            root.reporter().done();
            io.out().flush();
            io.err().flush();
        }
    }

    /** The command tree, with the exit codes listed in every command's help. */
    static CommandLine commandLine(ExoBridgeCommand root, CliIo io) {
        CommandLine cl = new CommandLine(root);
        cl.setOut(new PrintWriter(new OutputStreamWriter(io.out(), StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(io.err(), StandardCharsets.UTF_8), true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // No @file expansion: `run -c '@{A=1}'` must run the text whatever lies in the directory.
        cl.setExpandAtFiles(false);
        listExitCodes(cl);
        return cl;
    }

    private static void listExitCodes(CommandLine cl) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.helpList());
        cl.getSubcommands().values().forEach(Main::listExitCodes);
    }

    private static CommandLine lastCommand(ParseResult parseResult) {
        ParseResult p = parseResult;
        while (p.hasSubcommand()) {
            p = p.subcommand();
        }
        return p.commandSpec().commandLine();
    }

    /** picocli's message, except where it speaks of its own internals. */
    private static String plain(ParameterException ex) {
        String m = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        if (m.startsWith("Error: expected only one match but got")) {
            // An option of an exclusive group given twice (run -c A -c B).
            String options = m.contains("-c=") || m.contains("--command") ? "-c/--command" : "an option";
            return options + " was given more than once; give it once (run takes one -c SCRIPT or one --file FILE.ps1)";
        }
        return m;
    }

    private static int usageError(ExoBridgeCommand root, boolean json, CommandLine cmd, Exception ex, String message) {
        PrintWriter err = cmd.getErr();
        String help = "Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage and examples.";
        if (json || root.errorsAsJson) {
            // One JSON object, like every other error with --errors-as-json; the hint rides along.
            root.reporter().done();
            err.println(ErrorText.json(ex, ExitCode.USAGE, message + " " + help));
            err.flush();
            return ExitCode.USAGE.code();
        }
        err.println("exo-bridge: " + message);
        if (ex instanceof UnmatchedArgumentException u) {
            UnmatchedArgumentException.printSuggestions(u, err);
        }
        err.println(help);
        err.flush();
        return ExitCode.USAGE.code();
    }

    private static int failure(ExoBridgeCommand root, boolean json, CommandLine cmd, Exception ex) {
        ExitCode code = ExitCode.of(ex);
        Reporter reporter = root.reporter();
        if (code == ExitCode.USAGE) {
            return usageError(root, json, cmd, ex, ex instanceof ParameterException p ? plain(p) : ex.getMessage());
        }
        if (ex instanceof PowerShellErrorException p) {
            reporter.terminatingError(p.error());
            return code.code();
        }
        String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        // The library's messages speak to Java callers; these two get the CLI's remedy instead.
        if (ex instanceof InvocationTimeoutException t) {
            message = "the call did not finish within --timeout " + human(t.timeout()) + " and was stopped; what it "
                    + "wrote before is on stdout. Give it more time, e.g. --timeout 5m.";
        } else if (ex instanceof HostPromptException p) {
            message = "the script asked for user input (" + p.method() + "), and exo-bridge answers no prompts; "
                    + "pass the value with --param instead.";
        }
        if (code == ExitCode.INTERNAL) {
            message = "internal error: " + ex + (root.verbose() ? "\n" + stackTrace(ex)
                    : "; rerun with --verbose for details, and report it");
        }
        if (!(ex instanceof ExitCodeException) || !message.isEmpty()) {
            reporter.failure(ex, code, message);
        }
        return code.code();
    }

    /** {@code PT1M30S} as {@code 1m30s}, the way --timeout is typed. */
    static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    private static String stackTrace(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }
}
