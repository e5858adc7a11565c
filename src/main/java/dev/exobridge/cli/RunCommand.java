package dev.exobridge.cli;

import dev.exobridge.exchange.ExchangeSession;
import dev.exobridge.json.ResultObject;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.ResultStream;
import dev.exobridge.session.HostPromptException;
import dev.exobridge.session.PowerShellErrorException;
import dev.exobridge.scripts.PsScripts;
import dev.exobridge.session.SessionOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.regex.Pattern;
import java.util.function.UnaryOperator;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code exo-bridge run}: runs a script in a new pwsh session and writes its output on stdout,
 * object by object as it arrives (see {@link OutputFormat}); records and errors go to stderr.
 *
 * <p>{@code -c SCRIPT} runs the text as a script block ({@code -c -} reads it from stdin);
 * {@code --file FILE.ps1} runs the file as a command, as {@code pwsh -File} does (so
 * {@code $PSScriptRoot} is set and errors name the file and line). {@code --param} and
 * {@code --param-json} become the script's named parameters: passed as data, never spliced into
 * the text.
 *
 * <p>The script runs the way {@code pwsh -File} (for {@code --file}) or {@code pwsh -Command}
 * (for {@code -c}) would run it, inside the session's one pipeline ({@code run-script.ps1}): in
 * the caller's working directory, with the arguments after {@code --} as {@code $args} and
 * positional parameters, stdin's lines as {@code $input}, console writes and host output on
 * stderr ({@link HostOutput}), prompts refused ({@link PromptRefusal}).
 *
 * <p>Defaults: {@code --format json}, no timeout, remoting's serialisation depth (1).
 * Exit code: the script's own ({@code exit N}, {@code $host.SetShouldExit(N)}); else pwsh's
 * rule: 1 when the script failed (a terminating error), with {@code -c} also when its last
 * statement failed, otherwise 0; {@code --fail-on-error} makes any error record 1; exo-bridge's
 * own failures have their {@link ExitCode}s (4 on timeout).
 */
@Command(name = "run", sortOptions = false,
        description = {
            "Runs PowerShell and prints its output as JSON on stdout.",
            "It runs the script as pwsh -File (--file) or pwsh -Command (-c) would:",
            "its exit code, the caller's directory, stdin as $input, arguments after -- as $args.",
            "What the console host would print (Write-Host, -WhatIf, warnings, errors) goes to stderr.",
            "Parameters are passed as data, never spliced into the script text.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  exo-bridge run -c 'Get-Date'",
            "  exo-bridge run -c 'param($Name) \"hi $Name\"' --param Name=Ada",
            "  exo-bridge run -c 'param($N) 1..$N' --param-json N=3 --format ndjson",
            "  exo-bridge run -c 'param($Opts) $Opts.Size' --param-json 'Opts={\"Size\":2}'",
            "  exo-bridge run --file ./report.ps1 --param Day=Monday --format table",
            "  exo-bridge run -c 'Get-Process' --depth 2 --timeout 30s --with-types",
            "  echo 'Get-Date' | exo-bridge run -c -",
            "  exo-bridge run --simulator --simulator-state ./tenant.json -c 'Get-ExoSimulatorInfo'",
            "  exo-bridge run --file ./job.ps1 -- first second",
            "  printf 'a\\nb\\n' | exo-bridge run -c '$input | %% { \"got $_\" }'",
            "  exo-bridge run --profile contoso -c 'Get-EXOMailbox -ResultSize 10'",
        })
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** What to run: exactly one of the two. */
    static final class Source {
        @Option(names = {"-c", "--command"}, paramLabel = "SCRIPT", required = true,
                description = "The script text to run (its param() block takes --param values); '-' reads it from stdin.")
        String script;

        @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true,
                description = "A script file to run, like pwsh -File (its param() block takes --param values and "
                        + "the arguments after --).")
        Path file;
    }

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
            description = "A named parameter with a string value, or a switch when there is no =VALUE "
                    + "(--param Force is -Force); repeatable.")
    List<String> params = new ArrayList<>();

    @Option(names = "--param-json", paramLabel = "NAME=JSON",
            description = "A named parameter with a typed value given as JSON: number, boolean, null, array, "
                    + "or object (arrives as a hashtable); repeatable.")
    List<String> jsonParams = new ArrayList<>();

    @Mixin
    FormatOptions format;

    @Option(names = "--with-types",
            description = "Wrap each object as {\"types\": [...], \"toString\": ..., \"value\": ...}.")
    boolean withTypes;

    @Option(names = "--depth", paramLabel = "N",
            description = "Serialise output to depth N (1-100) instead of remoting's default of 1, "
                    + "so nested objects arrive whole.")
    Integer depth;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop the call after this long (30s, 5m, PT30S) and exit with 4. Default: none. "
                    + "Starting pwsh is not counted.")
    Duration timeout;

    @Mixin
    SimulatorOptions simulator;

    @Mixin
    AuthOptions auth;

    @Option(names = "--fail-on-error",
            description = "Exit with 1 when any error record was written, even if the script ended well "
                    + "(stricter than pwsh, which exits 0 then). A script's own exit code still wins.")
    boolean failOnError;

    @Parameters(paramLabel = "ARG", arity = "0..*",
            description = "After --: the script's arguments, as $args and its positional parameters "
                    + "(strings, as pwsh -File passes them).")
    List<String> arguments = new ArrayList<>();

    private static final String RUN_SCRIPT = PsScripts.text("cli/run-script.ps1");
    /** Whether a script reads $input; only then is stdin read (pwsh reads it only then too). */
    private static final Pattern USES_INPUT = Pattern.compile("(?i)\\$input\\b");
    private HostOutput host;
    private PromptRefusal prompts;

    @Override
    public Integer call() {
        ExoBridgeCommand root = Commands.root(spec);
        OutputFormat fmt = format.resolve(OutputFormat.JSON, EnumSet.allOf(OutputFormat.class));
        Reporter reporter = root.reporter();
        host = new HostOutput(reporter, root.io().err(), root.quiet, root.io().stderrIsTerminal());
        prompts = new PromptRefusal();
        Invocation invocation = invocation(fmt);
        PrintStream out = root.io().out();
        long objects = 0;
        // run's own session settings: prompts refused with a hint, and launchOptions.
        UnaryOperator<SessionOptions.Builder> tune = b -> launchOptions(b).hostHandler(prompts);
        // With auth options or a profile: connected first, disconnected at the end (closing exo).
        ExchangeSession exo = auth.given()
                ? ExchangeCli.open(root, auth, simulator, "-".equals(source.script), null, tune) : null;
        // exo is closed (disconnecting) before the session it holds.
        try (RunSignals signals = RunSignals.install();
             PwshSession session = exo != null ? exo.session() : EarlyPwsh.open(tune.apply(sessionOptions().toBuilder()).build());
             exo) {
            LOG.debug("started {}; running {}", session, invocation);
            ResultWriter writer = ResultWriter.open(fmt, out);
            ResultStream results = session.stream(invocation);
            boolean abandoned = false;
            try {
                signals.watch(session, results);
                while (signals.received() == null && results.hasNext()) {
                    ResultObject o = results.next();
                    reporter.beforeData();
                    writer.write(withTypes && fmt != OutputFormat.TEXT ? o.withTypes() : o.json());
                    objects++;
                    if (out.checkError()) {
                        // The reader went away (| head -1): nothing more can be delivered, so
                        // pwsh is ended at once rather than stopped and closed politely.
                        LOG.debug("stdout is closed (the reader went away); ending the call");
                        session.kill();
                        abandoned = true;
                        break;
                    }
                }
            } catch (HostPromptException e) {
                host.endLine();
                throw new ExitCodeException(ExitCode.POWERSHELL_ERROR, prompts.message(e.method()));
            } catch (PowerShellErrorException e) {
                if (signals.received() != null) {
                    LOG.debug("the call ended after a signal: {}", e.toString());
                } else {
                    // Shown here, without run-script.ps1's position, and not again by Main.
                    host.endLine();
                    reporter.terminatingError(HostOutput.withoutRunScript(e.error()));
                    throw new ExitCodeException(ExitCode.of(e), "");
                }
            } catch (RuntimeException e) {
                if (signals.received() == null) {
                    throw e;
                }
                LOG.debug("the call ended after a signal: {}", e.toString());
            } finally {
                if (!abandoned) {
                    results.close(); // stops the pipeline if it still runs (after a signal: already asked)
                }
                host.endLine();
                writer.finish();
            }
            if (signals.received() != null) {
                session.kill(); // the pipeline is over; no polite close to wait for
                return signals.received().code();
            }
        }
        int code = exitCode(host, source.script != null, failOnError, reporter.errorCount());
        LOG.debug("{} objects written, {} error records, exit code {}", objects, reporter.errorCount(), code);
        return code;
    }

    /**
     * run's session settings that decide how pwsh starts ({@link EarlyPwsh} starts it with them):
     * pipelines of their own (no fast lane), pwsh in a process session of its own (signals reach
     * us first).
     */
    static SessionOptions.Builder launchOptions(SessionOptions.Builder b) {
        return b.fastLane(false).ownProcessSession(true);
    }

    /**
     * The exit code of a script that ran to its end: its own ({@code exit N}, SetShouldExit) wins;
     * else pwsh -Command's status of the last statement for {@code -c}, 0 for {@code --file}
     * (pwsh -File); {@code --fail-on-error} then turns 0 into 1 when error records were written.
     */
    static int exitCode(HostOutput host, boolean command, boolean failOnError, int errorRecords) {
        if (host.exitRequested() != null) {
            return host.exitRequested();
        }
        int code = command && host.commandStatus() != null ? host.commandStatus() : ExitCode.OK.code();
        if (code == ExitCode.OK.code() && failOnError && errorRecords > 0) {
            return ExitCode.POWERSHELL_ERROR.code();
        }
        return code;
    }

    private SessionOptions sessionOptions() {
        ExoBridgeCommand root = Commands.root(spec);
        return simulator.apply(root, root.sessionOptions());
    }

    /** The call as the options describe it; usage errors are found here, before pwsh starts. */
    Invocation invocation() {
        return invocation(OutputFormat.JSON);
    }

    private Invocation invocation(OutputFormat fmt) {
        Map<String, Object> named = NamedValues.parse(params, jsonParams);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("Directory", Path.of("").toAbsolutePath().toString());
        String text;
        boolean stdinTaken;
        if (source.file != null) {
            Path file = scriptFile(source.file);
            run.put("File", file.toString());
            run.put("Text", null);
            text = readText(file);
            stdinTaken = auth.readsStdin();
        } else {
            boolean scriptFromStdin = "-".equals(source.script);
            stdinTaken = scriptFromStdin || auth.readsStdin();
            text = scriptFromStdin ? readStdin() : source.script;
            run.put("File", null);
            run.put("Text", text);
        }
        run.put("Named", new LinkedHashMap<>(named));
        run.put("Positional", new ArrayList<>(arguments));
        run.put("Input", !stdinTaken && USES_INPUT.matcher(text).find() && !stdinIsTerminal() ? stdinLines() : null);
        run.put("Format", fmt.label());
        Invocation.Builder b = Invocation.script(RUN_SCRIPT).param("__exoRun", run);
        if (depth != null) {
            if (depth < 1 || depth > 100) {
                // Depth 0 would serialise an output batch itself as one string, not its objects.
                throw new UsageException("--depth " + depth + " is out of range; give a number from 1 to 100");
            }
            b.depth(depth);
        }
        return b.timeout(timeout).listener(host == null ? Commands.root(spec).reporter() : host).build();
    }

    private static Path scriptFile(Path file) {
        Path p = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(p)) {
            throw new UsageException("--file " + file + ": no such file (looked at " + p + ")");
        }
        return p;
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("--file " + file + ": cannot read it (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            return ""; // not UTF-8: pwsh reads it with its own detection; only the $input check is lost
        }
    }

    /** Whether stdin is a terminal (the launcher says; else Java's guess), which is then never read. */
    private boolean stdinIsTerminal() {
        String tty = System.getProperty("exobridge.stdin.tty");
        if (tty != null) {
            return Boolean.parseBoolean(tty);
        }
        return Commands.root(spec).io().in() == System.in && System.console() != null;
    }

    /** stdin's lines, as pwsh gives them to $input: without line ends, no empty last line. */
    private List<String> stdinLines() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Commands.root(spec).io().in(), StandardCharsets.UTF_8))) {
            return new ArrayList<>(r.lines().toList());
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new UsageException("cannot read stdin for $input: " + e.getMessage(), e);
        }
    }

    private String readStdin() {
        try {
            return new String(Commands.root(spec).io().in().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("-c -: cannot read the script from stdin: " + e.getMessage(), e);
        }
    }
}
