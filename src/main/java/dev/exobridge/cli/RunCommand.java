package dev.exobridge.cli;

import dev.exobridge.exchange.ExchangeSession;
import dev.exobridge.json.ResultObject;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.ResultStream;
import dev.exobridge.session.SessionOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

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
 * <p>Defaults: {@code --format json}, no timeout, remoting's serialisation depth (1).
 * Exit code: 0, or 1 when any error record was written or the script failed, 4 on timeout.
 */
@Command(name = "run", sortOptions = false,
        description = {
            "Runs PowerShell and prints its output as JSON on stdout.",
            "Warning, verbose and information records and errors go to stderr.",
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
            "  exo-bridge run --profile contoso -c 'Get-EXOMailbox -ResultSize 10'",
        })
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @ParentCommand
    ExoBridgeCommand root;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** What to run: exactly one of the two. */
    static final class Source {
        @Option(names = {"-c", "--command"}, paramLabel = "SCRIPT", required = true,
                description = "The script text to run (its param() block takes --param values); '-' reads it from stdin.")
        String script;

        @Option(names = {"-f", "--file"}, paramLabel = "FILE.ps1", required = true,
                description = "A .ps1 file to run, like pwsh -File (its param() block takes --param values).")
        Path file;
    }

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
            description = "A named parameter with a string value; repeatable.")
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
            description = "Serialise output to depth N (0-100) instead of remoting's default of 1, "
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

    @Override
    public Integer call() {
        Invocation invocation = invocation();
        OutputFormat fmt = format.resolve(OutputFormat.JSON, EnumSet.allOf(OutputFormat.class));
        Reporter reporter = root.reporter();
        PrintStream out = root.io().out();
        long objects = 0;
        // With auth options or a profile: connected first, disconnected at the end (closing exo).
        ExchangeSession exo = auth.given() ? ExchangeCli.open(root, auth, simulator, "-".equals(source.script), null)
                : null;
        try (PwshSession session = exo != null ? exo.session() : PwshSession.start(sessionOptions()); exo) {
            LOG.debug("started {}; running {}", session, invocation);
            ResultWriter writer = ResultWriter.open(fmt, out);
            try (ResultStream results = session.stream(invocation)) {
                while (results.hasNext()) {
                    ResultObject o = results.next();
                    reporter.beforeData();
                    writer.write(withTypes ? o.withTypes() : o.json());
                    objects++;
                    if (out.checkError()) {
                        LOG.debug("stdout is closed (the reader went away); stopping the call");
                        break;
                    }
                }
            } finally {
                writer.finish();
            }
        }
        LOG.debug("{} objects written, {} error records", objects, reporter.errorCount());
        return reporter.errorCount() > 0 ? ExitCode.POWERSHELL_ERROR.code() : ExitCode.OK.code();
    }

    private SessionOptions sessionOptions() {
        return simulator.apply(root, root.sessionOptions());
    }

    /** The call as the options describe it; usage errors are found here, before pwsh starts. */
    Invocation invocation() {
        Map<String, Object> named = NamedValues.parse(params, jsonParams);
        Invocation.Builder b;
        if (source.file != null) {
            b = Invocation.command(scriptFile(source.file).toString());
        } else {
            b = Invocation.script("-".equals(source.script) ? readStdin() : source.script);
        }
        named.forEach(b::param);
        if (depth != null) {
            if (depth < 0 || depth > 100) {
                throw new UsageException("--depth " + depth + " is out of range; give a number from 0 to 100");
            }
            b.depth(depth);
        }
        return b.timeout(timeout).listener(root.reporter()).build();
    }

    private static Path scriptFile(Path file) {
        Path p = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(p)) {
            throw new UsageException("--file " + file + ": no such file (looked at " + p + ")");
        }
        if (!p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ps1")) {
            throw new UsageException("--file " + file + ": PowerShell runs only .ps1 files as scripts; rename it, "
                    + "or pass its text with -c");
        }
        return p;
    }

    private String readStdin() {
        try {
            return new String(root.io().in().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("-c -: cannot read the script from stdin: " + e.getMessage(), e);
        }
    }
}
