package dev.exobridge.session;

import static dev.exobridge.Checks.positive;

import dev.exobridge.json.JsonOptions;
import dev.exobridge.pwsh.PwshLaunch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to start and run one pwsh session. Immutable; build with {@link #builder()}.
 *
 * <p>Defaults (each stated here only; the builder's methods say what they change):
 * <ul>
 *   <li>pwsh: none given, so discovery runs ({@code EXOBRIDGE_PWSH}, the pwsh exo-bridge installed,
 *       PATH, standard locations; see {@code dev.exobridge.pwsh.PwshLocator})</li>
 *   <li>arguments: {@link PwshLaunch#DEFAULT_ARGUMENTS} ({@code -NoLogo -NoProfile -s})</li>
 *   <li>environment: the JVM's with {@link PwshLaunch}'s defaults (which ones, and which of them
 *       yield to the JVM's own values, is stated there once); what this builder sets wins over
 *       both</li>
 *   <li>working directory: the JVM's</li>
 *   <li>runspaces: 1 (one pipeline at a time; state such as a connection lives in one runspace)</li>
 *   <li>open timeout: 60 s; default call timeout: none; stop grace: 5 s; close timeout: 5 s</li>
 *   <li>host handler: none (prompts fail the call)</li>
 *   <li>output buffer: 256 messages per call before the reader waits for the consumer</li>
 *   <li>transcript: none</li>
 *   <li>fast lane: on with one runspace, off with several</li>
 *   <li>output batching: on</li>
 *   <li>own process session: on (pwsh runs in a process session and group of its own)</li>
 *   <li>fast serialiser for batched output: off</li>
 * </ul>
 */
public final class SessionOptions {
    private final Path pwsh;
    private final List<String> arguments;
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final int runspaces;
    private final Duration openTimeout;
    private final Duration defaultTimeout;
    private final Duration stopGrace;
    private final Duration closeTimeout;
    private final HostHandler hostHandler;
    private final JsonOptions jsonOptions;
    private final int outputBuffer;
    private final Path transcriptDirectory;
    private final boolean fastLane;
    private final Boolean fastLaneSet;
    private final boolean batchOutput;
    private final boolean fastSerializer;
    private final Path modulePathFirst;
    private final boolean ownProcessSession;

    private SessionOptions(Builder b) {
        this.pwsh = b.pwsh;
        this.arguments = List.copyOf(b.arguments);
        this.environment = Map.copyOf(b.environment);
        this.workingDirectory = b.workingDirectory;
        this.runspaces = b.runspaces;
        this.openTimeout = b.openTimeout;
        this.defaultTimeout = b.defaultTimeout;
        this.stopGrace = b.stopGrace;
        this.closeTimeout = b.closeTimeout;
        this.hostHandler = b.hostHandler;
        this.jsonOptions = b.jsonOptions;
        this.outputBuffer = b.outputBuffer;
        this.transcriptDirectory = b.transcriptDirectory;
        this.batchOutput = b.batchOutput;
        this.fastSerializer = b.fastSerializer;
        this.modulePathFirst = b.modulePathFirst;
        this.ownProcessSession = b.ownProcessSession;
        this.fastLaneSet = b.fastLane;
        this.fastLane = b.fastLane == null ? runspaces == 1 : b.fastLane;
        if (fastLane && runspaces != 1) {
            throw new IllegalArgumentException("the fast lane needs a session of one runspace, not " + runspaces);
        }
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults. */
    public static SessionOptions defaults() {
        return builder().build();
    }

    /** The explicit pwsh, or {@code null} for discovery. */
    public Path pwsh() {
        return pwsh;
    }

    /** Arguments after the executable. */
    public List<String> arguments() {
        return arguments;
    }

    /** Environment variables set (a {@code null}-free map; see {@link Builder#environment}). */
    public Map<String, String> environment() {
        return environment;
    }

    /** The working directory, or {@code null} for the JVM's. */
    public Path workingDirectory() {
        return workingDirectory;
    }

    /** Runspaces in the session's pool (pipelines that can run at once). */
    public int runspaces() {
        return runspaces;
    }

    /** How long start may take until the first call can run. */
    public Duration openTimeout() {
        return openTimeout;
    }

    /** Timeout of calls that set none, or {@code null} for none. */
    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    /** How long a stopped pipeline may take to stop before the process is killed. */
    public Duration stopGrace() {
        return stopGrace;
    }

    /** How long the protocol's close may take before the process is terminated. */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** The prompt handler, or {@code null}. */
    public HostHandler hostHandler() {
        return hostHandler;
    }

    /** JSON mapping options. */
    public JsonOptions jsonOptions() {
        return jsonOptions;
    }

    /** Messages buffered per call before the reader waits. */
    public int outputBuffer() {
        return outputBuffer;
    }

    /** Where the session records its packets, or {@code null} for nowhere. */
    public Path transcriptDirectory() {
        return transcriptDirectory;
    }

    /** Whether script calls without pipeline input go through the fast lane (the default with one runspace). */
    public boolean fastLane() {
        return fastLane;
    }

    /** Whether output travels in batches serialised inside pwsh (default {@code true}). */
    public boolean batchOutput() {
        return batchOutput;
    }

    /** The folder put first on the session's PSModulePath, or {@code null} for none. */
    public Path modulePathFirst() {
        return modulePathFirst;
    }

    /** Whether batched output is serialised by exo-bridge's own writer where it can. */
    public boolean fastSerializer() {
        return fastSerializer;
    }

    /** Whether pwsh starts in a process session (and group) of its own. */
    public boolean ownProcessSession() {
        return ownProcessSession;
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.pwsh = pwsh;
        b.arguments = arguments;
        b.environment.putAll(environment);
        b.workingDirectory = workingDirectory;
        b.runspaces = runspaces;
        b.openTimeout = openTimeout;
        b.defaultTimeout = defaultTimeout;
        b.stopGrace = stopGrace;
        b.closeTimeout = closeTimeout;
        b.hostHandler = hostHandler;
        b.jsonOptions = jsonOptions;
        b.outputBuffer = outputBuffer;
        b.transcriptDirectory = transcriptDirectory;
        b.fastLane = fastLaneSet;
        b.batchOutput = batchOutput;
        b.fastSerializer = fastSerializer;
        b.modulePathFirst = modulePathFirst;
        b.ownProcessSession = ownProcessSession;
        return b;
    }

    /** Builds {@link SessionOptions}. */
    public static final class Builder {
        private Path pwsh;
        private List<String> arguments = PwshLaunch.DEFAULT_ARGUMENTS;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path workingDirectory;
        private int runspaces = 1;
        private Duration openTimeout = Duration.ofSeconds(60);
        private Duration defaultTimeout;
        private Duration stopGrace = Duration.ofSeconds(5);
        private Duration closeTimeout = Duration.ofSeconds(5);
        private HostHandler hostHandler;
        private JsonOptions jsonOptions = JsonOptions.defaults();
        private int outputBuffer = 256;
        private Path transcriptDirectory;
        private Boolean fastLane;
        private boolean batchOutput = true;
        private boolean fastSerializer;
        private Path modulePathFirst;
        private boolean ownProcessSession = true;

        private Builder() {
        }

        /**
         * Puts {@code dir} first on the session's {@code PSModulePath} once pwsh has started (pwsh
         * itself puts the user's and its own module folders before anything the environment
         * gives), so that a module there wins over an installed one of the same name, in this
         * session only. Default: none.
         */
        public Builder modulePathFirst(Path dir) {
            this.modulePathFirst = dir == null ? null : dir.toAbsolutePath();
            return this;
        }

        /**
         * Starts pwsh in a process session of its own (through {@code setsid}, where there is
         * one: Linux), for two reasons. A terminal's Ctrl-C, sent to the whole foreground process
         * group, reaches only the JVM, which can then stop the call cleanly instead of pwsh dying
         * mid-call. And what pwsh starts stays in that session even when pwsh dies (a {@code kill
         * -9} re-parents its children to init, out of the process tree's reach), so the session
         * kills what is left in it once pwsh is gone: no native child outlives its pwsh. Off,
         * pwsh shares the JVM's session and group, and only the children pwsh still has when we
         * end it are ended with it. Without {@code setsid} it has no effect.
         */
        public Builder ownProcessSession(boolean on) {
            this.ownProcessSession = on;
            return this;
        }

        /**
         * Runs script calls without pipeline input through one long-lived pipeline instead of a
         * new pipeline each (see {@code FastLane}): the same results, streams and errors in about
         * a third of the time pwsh needs per call. Default: on for a session of one runspace (the
         * default), off with several; {@code true} with several runspaces is refused. Commands
         * and calls with pipeline input always take a pipeline of their own, and so does a
         * session's first call (so that a cold pwsh answers it sooner); the second starts the lane. Stop, a timeout or an early close end the lane, and the next call
         * starts a new one.
         */
        public Builder fastLane(boolean on) {
            this.fastLane = on;
            return this;
        }

        /**
         * Sends output in batches: the last step of each call's pipeline gathers up to 200
         * objects (or what came in 25 ms) and serialises them inside pwsh as one CLIXML document
         * with PowerShell's own serialiser, at the depth remoting uses (or the call's depth); an
         * output of 8 objects or fewer goes as remoting sends it. pwsh sends a large
         * output several times faster that way, and the values are the same. Default {@code true}.
         *
         * <p>What changes with batching: output may reach the caller a little after warnings or
         * other records written after it; a SecureString or credential nested inside an output
         * object crosses the local pipe as unencrypted text, as with {@link Invocation.Builder#depth}
         * (top-level ones are sent apart and stay encrypted); and a producer that writes one object
         * and then stalls delivers it when the next one comes or the call ends, at most 25 ms
         * after it when objects keep coming. Turn it off for output that holds nested secrets;
         * {@link Invocation.Builder#batchOutput} decides for one call.
         */
        public Builder batchOutput(boolean on) {
            this.batchOutput = on;
            return this;
        }

        /**
         * Serialises batched output (see {@link #batchOutput}) with exo-bridge's own writer for
         * the shapes that dominate large outputs (PSCustomObjects with note properties,
         * primitives, arrays, hashtables) instead of PowerShell's serialiser, several times
         * faster and with the same CLIXML, byte for byte; any other object still goes through
         * PowerShell's serialiser. The writer is C# source in the jar, copied into the
         * {@code ps-scripts} cache folder ({@code PsScripts}; its {@code XDG_CACHE_HOME} or HOME
         * is this session's environment's), compiled by pwsh on the first call that outputs more
         * than 1,000 objects and kept there as a DLL per pwsh version (its SHA-256 checked before
         * it is loaded). Without a compiler, in Constrained Language Mode or when type data is
         * declared for the types it writes, PowerShell's serialiser does it all. Default
         * {@code false}. See docs/engine.md.
         */
        public Builder fastSerializer(boolean on) {
            this.fastSerializer = on;
            return this;
        }

        /**
         * Records every packet, one a line as on the wire, into {@code client-to-server.log} and
         * {@code server-to-client.log} in this directory (the format of PowerShell's own capture, so
         * {@code psrp-decode.py} reads it). For debugging: SecureStrings stay encrypted, but
         * everything else a call sends is in it.
         */
        public Builder transcriptDirectory(Path dir) {
            this.transcriptDirectory = dir;
            return this;
        }

        /** Use this pwsh executable instead of discovery. */
        public Builder pwsh(Path pwsh) {
            this.pwsh = pwsh;
            return this;
        }

        /**
         * Arguments after the executable; they must keep pwsh in server mode ({@code -s} or
         * {@code -ServerMode}, checked by {@link PwshLaunch#isServerMode}).
         */
        public Builder arguments(List<String> arguments) {
            if (!PwshLaunch.isServerMode(arguments)) {
                throw new IllegalArgumentException("pwsh arguments must include -s (server mode): " + arguments);
            }
            this.arguments = List.copyOf(arguments);
            return this;
        }

        /** Sets an environment variable of the child; an empty value removes the variable. */
        public Builder environment(String name, String value) {
            environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The child's working directory. */
        public Builder workingDirectory(Path dir) {
            this.workingDirectory = dir;
            return this;
        }

        /** Runspaces in the session's pool, at least 1. */
        public Builder runspaces(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("runspaces must be at least 1, got " + n);
            }
            this.runspaces = n;
            return this;
        }

        /** How long start may take. */
        public Builder openTimeout(Duration d) {
            this.openTimeout = positive(d, "openTimeout");
            return this;
        }

        /** Timeout of calls that set none; {@code null} for none. */
        public Builder defaultTimeout(Duration d) {
            this.defaultTimeout = d == null ? null : positive(d, "defaultTimeout");
            return this;
        }

        /** Grace period for Stop before the process is killed. */
        public Builder stopGrace(Duration d) {
            this.stopGrace = positive(d, "stopGrace");
            return this;
        }

        /** How long the protocol's close may take. */
        public Builder closeTimeout(Duration d) {
            this.closeTimeout = positive(d, "closeTimeout");
            return this;
        }

        /** Answers prompts; without one, prompts fail the call. */
        public Builder hostHandler(HostHandler handler) {
            this.hostHandler = handler;
            return this;
        }

        /** JSON mapping options. */
        public Builder jsonOptions(JsonOptions options) {
            this.jsonOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Messages buffered per call before the reader waits for the consumer (at least 1). */
        public Builder outputBuffer(int messages) {
            if (messages < 1) {
                throw new IllegalArgumentException("outputBuffer must be at least 1");
            }
            this.outputBuffer = messages;
            return this;
        }

        /** The options. */
        public SessionOptions build() {
            return new SessionOptions(this);
        }

    }
}
