package dev.exobridge.pwsh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How to start a server-mode pwsh ({@code pwsh -s}), which speaks the PowerShell Remoting
 * Protocol on its stdin and stdout. Immutable; each {@code with...} returns a changed copy. The
 * one owner of pwsh's arguments, environment defaults and the server-mode check: a session's
 * options ({@code SessionOptions}) start from these and check with {@link #isServerMode}.
 *
 * <p>Defaults:
 * <ul>
 *   <li>arguments {@link #DEFAULT_ARGUMENTS}: {@code -NoLogo -NoProfile -s}, what PowerShell's
 *       own Start-Job uses. Server mode ({@code -s} or {@code -ServerMode}, any case) is
 *       required. {@code -NonInteractive} may be added and is harmless (checked with 7.6: the
 *       protocol opens the same), but it is not needed: in server mode prompts go to the client
 *       as host calls, never to a console;</li>
 *   <li>working directory: the JVM's;</li>
 *   <li>environment: the JVM's, plus {@link #DEFAULT_ENVIRONMENT} ({@code
 *       POWERSHELL_TELEMETRY_OPTOUT=1}, {@code POWERSHELL_UPDATECHECK=Off}: a server process
 *       makes no network calls of its own), which win over the JVM's own values; plus
 *       {@link #DEFAULT_ENVIRONMENT_UNLESS_INHERITED} ({@code DOTNET_GCgen0size=0x4000000}, a
 *       64 MiB gen0 budget: serialising output allocates heavily, and with .NET's default budget
 *       pwsh spent about a fifth of a large output's time in gen0 collections; {@code
 *       DOTNET_EnableDiagnostics=0}: no debugger, profiler or diagnostic socket, which a killed
 *       pwsh would leave in the temporary folder), which yield to a value the JVM's environment
 *       has; minus {@link #SECRET_ENVIRONMENT}, exo-bridge's secret variables. A caller's {@link
 *       #withEnvironment} or {@link #withoutEnvironment} wins over all of them;</li>
 *   <li>stdin, stdout and stderr are pipes: stdin/stdout carry the protocol, stderr is for the
 *       caller to drain (pwsh writes little there, but an undrained pipe can block it).</li>
 * </ul>
 *
 * <p><b>Secrets never go on the command line</b>: any local user can read a process's
 * arguments ({@code ps}, {@code /proc/PID/cmdline}). Nor should they go in environment
 * variables, which the same user and root can read ({@code /proc/PID/environ}) and which
 * children inherit. Passwords, tokens and certificates travel inside the protocol, as
 * SecureStrings of a pipeline.
 *
 * <p>Lifetime: when its stdin closes (our JVM exits or dies, or the caller closes it), pwsh -s
 * ends by itself within a second or so; no shutdown hook is needed for that.
 */
public final class PwshLaunch {
    /** {@code -NoLogo -NoProfile -s}. */
    public static final List<String> DEFAULT_ARGUMENTS = List.of("-NoLogo", "-NoProfile", "-s");
    /** {@code POWERSHELL_TELEMETRY_OPTOUT=1}, {@code POWERSHELL_UPDATECHECK=Off}; they win over the JVM's values. */
    public static final Map<String, String> DEFAULT_ENVIRONMENT = WatchedRun.QUIET_ENV;
    /** {@code DOTNET_GCgen0size=0x4000000}, {@code DOTNET_EnableDiagnostics=0}; they yield to a value the JVM's environment has. */
    public static final Map<String, String> DEFAULT_ENVIRONMENT_UNLESS_INHERITED = Map.of("DOTNET_GCgen0size", "0x4000000",
            "DOTNET_EnableDiagnostics", "0");
    /**
     * The variables through which exo-bridge takes secrets ({@code EXOBRIDGE_CERTIFICATE_PASSWORD},
     * {@code EXOBRIDGE_ACCESS_TOKEN}, {@code EXOBRIDGE_PASSWORD}, each also with {@code _FILE}):
     * removed from every pwsh's environment, so no child holds a secret of ours.
     */
    public static final List<String> SECRET_ENVIRONMENT = List.of("EXOBRIDGE_CERTIFICATE_PASSWORD",
            "EXOBRIDGE_CERTIFICATE_PASSWORD_FILE", "EXOBRIDGE_ACCESS_TOKEN", "EXOBRIDGE_ACCESS_TOKEN_FILE",
            "EXOBRIDGE_PASSWORD", "EXOBRIDGE_PASSWORD_FILE");

    private static final Logger LOG = LoggerFactory.getLogger(PwshLaunch.class);

    private final Path executable;
    private final List<String> arguments;
    private final Path workingDirectory;
    private final Map<String, String> environmentAdditions;
    private final Set<String> environmentRemovals;

    private PwshLaunch(Path executable, List<String> arguments, Path workingDirectory,
                       Map<String, String> additions, Set<String> removals) {
        this.executable = executable;
        this.arguments = arguments;
        this.workingDirectory = workingDirectory;
        this.environmentAdditions = additions;
        this.environmentRemovals = removals;
    }

    /** Starting {@code executable} with every default. */
    public static PwshLaunch of(Path executable) {
        Map<String, String> env = new LinkedHashMap<>(DEFAULT_ENVIRONMENT);
        DEFAULT_ENVIRONMENT_UNLESS_INHERITED.forEach((name, value) -> {
            if (System.getenv(name) == null) {
                env.put(name, value);
            }
        });
        return new PwshLaunch(Objects.requireNonNull(executable, "executable"), DEFAULT_ARGUMENTS, null,
                Collections.unmodifiableMap(env), Collections.unmodifiableSet(new LinkedHashSet<>(SECRET_ENVIRONMENT)));
    }

    /** Whether {@code arguments} start pwsh in server mode: {@code -s} or {@code -ServerMode}, any case. */
    public static boolean isServerMode(List<String> arguments) {
        return arguments.stream().map(a -> a.toLowerCase(Locale.ROOT))
                .anyMatch(a -> a.equals("-s") || a.equals("-servermode"));
    }

    /** Starting the pwsh that discovery found, with every default. */
    public static PwshLaunch of(PwshInstallation installation) {
        return of(installation.executable());
    }

    /**
     * A copy with these arguments instead of the current ones. They must include server mode
     * ({@code -s} or {@code -ServerMode}, any case).
     *
     * @throws IllegalArgumentException when server mode is missing
     */
    public PwshLaunch withArguments(List<String> arguments) {
        List<String> copy = List.copyOf(arguments);
        if (!isServerMode(copy)) {
            throw new IllegalArgumentException("pwsh must run in server mode: the arguments need -s; got " + copy);
        }
        return new PwshLaunch(executable, copy, workingDirectory, environmentAdditions, environmentRemovals);
    }

    /** A copy whose process starts in {@code directory}; null means the JVM's working directory. */
    public PwshLaunch withWorkingDirectory(Path directory) {
        return new PwshLaunch(executable, arguments, directory, environmentAdditions, environmentRemovals);
    }

    /** A copy that sets {@code name=value} in the process's environment (overriding a default of the same name). */
    public PwshLaunch withEnvironment(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Map<String, String> add = new LinkedHashMap<>(environmentAdditions);
        add.put(name, value);
        Set<String> remove = new LinkedHashSet<>(environmentRemovals);
        remove.remove(name);
        return new PwshLaunch(executable, arguments, workingDirectory,
                Collections.unmodifiableMap(add), Collections.unmodifiableSet(remove));
    }

    /** A copy that removes {@code name} from the process's environment (inherited or default). */
    public PwshLaunch withoutEnvironment(String name) {
        Objects.requireNonNull(name, "name");
        Map<String, String> add = new LinkedHashMap<>(environmentAdditions);
        add.remove(name);
        Set<String> remove = new LinkedHashSet<>(environmentRemovals);
        remove.add(name);
        return new PwshLaunch(executable, arguments, workingDirectory,
                Collections.unmodifiableMap(add), Collections.unmodifiableSet(remove));
    }

    public Path executable() {
        return executable;
    }

    public List<String> arguments() {
        return arguments;
    }

    /** The working directory, empty for the JVM's. */
    public Optional<Path> workingDirectory() {
        return Optional.ofNullable(workingDirectory);
    }

    /** Variables set on top of the inherited environment, defaults included. */
    public Map<String, String> environmentAdditions() {
        return environmentAdditions;
    }

    /** Variables removed from the inherited environment. */
    public Set<String> environmentRemovals() {
        return environmentRemovals;
    }

    /** The command line: executable, then arguments. */
    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(arguments);
        return command;
    }

    /** A ProcessBuilder for this launch: all three streams piped. */
    public ProcessBuilder toProcessBuilder() {
        ProcessBuilder pb = new ProcessBuilder(command());
        if (workingDirectory != null) {
            pb.directory(workingDirectory.toFile());
        }
        Map<String, String> env = pb.environment();
        environmentRemovals.forEach(env::remove);
        env.putAll(environmentAdditions);
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.redirectOutput(ProcessBuilder.Redirect.PIPE);
        pb.redirectError(ProcessBuilder.Redirect.PIPE);
        return pb;
    }

    /**
     * Starts pwsh. The caller owns the process: it must drain stderr, and end the process with
     * {@link ProcessTree#destroy} (or by closing stdin, which makes pwsh -s exit by itself).
     *
     * @throws IOException when the process cannot be started (the message names the executable)
     */
    public Process start() throws IOException {
        // Values are not logged: a caller might (against advice) put something sensitive there.
        LOG.debug("starting {} in {} (environment set: {}, removed: {})", command(),
                workingDirectory == null ? "the JVM's working directory" : workingDirectory,
                environmentAdditions.keySet(), environmentRemovals);
        Process process = toProcessBuilder().start();
        LOG.debug("started pwsh -s, pid {}", process.pid());
        return process;
    }

    @Override
    public String toString() {
        return "PwshLaunch" + command();
    }
}
