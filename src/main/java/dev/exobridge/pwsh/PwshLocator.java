package dev.exobridge.pwsh;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the PowerShell 7 that exo-bridge will run, and checks its version by running it.
 *
 * <p>Discovery order; the first usable pwsh wins:
 * <ol>
 *   <li><b>explicit</b>: the path given to {@link Builder#explicit(Path)} (default: none);</li>
 *   <li><b>{@value #ENV_PWSH}</b>: the environment variable of that name;</li>
 *   <li><b>settings</b>: the pwsh exo-bridge installed itself, recorded in {@link UserSettings}
 *       (default: the file at {@link UserSettings#defaultFile(PwshEnvironment)});</li>
 *   <li><b>PATH</b>: {@code pwsh} in each PATH directory, in order ({@code pwsh.exe} on Windows,
 *       where a file without extension cannot be started);</li>
 *   <li><b>standard locations</b> of the OS, {@link #defaultStandardLocations(PwshEnvironment)}.</li>
 * </ol>
 *
 * <p>The first two are the user's deliberate choice: if either names something missing, not
 * executable, not answering or too old, {@code locate()} fails at once and says which setting
 * was wrong, rather than quietly using another pwsh. The later steps are searches: a candidate
 * that fails is noted and the search goes on; if nothing acceptable is found, the first
 * too-old candidate gives a {@link PwshTooOldException}, otherwise a {@link
 * PwshNotFoundException}. Both list every place looked at, in order, with why it was rejected.
 *
 * <p>Each candidate that exists is run once to read its version (see {@link PwshProbe#version});
 * the version is remembered per executable in a per-user cache file, so an unchanged pwsh is not
 * run again by later processes (see {@code ProbeCache}; {@code EXOBRIDGE_CACHE_HOME=off} turns
 * it off).
 *
 * <p>Defaults: no explicit path; minimum version {@link #DEFAULT_MINIMUM} (7.2.0); probe timeout
 * {@link PwshProbe#DEFAULT_TIMEOUT} (30 s); environment {@link PwshEnvironment#system()};
 * settings loaded from the environment's default settings file; standard locations by OS.
 */
public final class PwshLocator {
    /** Environment variable naming the pwsh to use. */
    public static final String ENV_PWSH = "EXOBRIDGE_PWSH";
    /** Oldest PowerShell accepted unless configured: 7.2.0, the oldest 7.x line still in use. */
    public static final PwshVersion DEFAULT_MINIMUM = PwshVersion.of(7, 2, 0);

    /** {@link PwshInstallation#source()} when found by {@link Builder#explicit(Path)}. */
    public static final String SOURCE_EXPLICIT = "explicit";
    /** {@link PwshInstallation#source()} when found by {@value #ENV_PWSH}. */
    public static final String SOURCE_ENV = ENV_PWSH;
    /** {@link PwshInstallation#source()} when found in the user settings file. */
    public static final String SOURCE_SETTINGS = "settings";
    /** {@link PwshInstallation#source()} when found on PATH. */
    public static final String SOURCE_PATH = "PATH";
    /** {@link PwshInstallation#source()} when found at a standard location. */
    public static final String SOURCE_STANDARD = "standard location";

    private static final Logger LOG = LoggerFactory.getLogger(PwshLocator.class);

    private final Path explicit;
    private final PwshVersion minimumVersion;
    private final PwshEnvironment environment;
    private final Duration probeTimeout;
    private final UserSettings settings;
    private final List<Path> standardLocations;

    private PwshLocator(Builder b) {
        this.explicit = b.explicit;
        this.minimumVersion = b.minimumVersion;
        this.environment = b.environment;
        this.probeTimeout = b.probeTimeout;
        this.settings = b.settings;
        this.standardLocations = b.standardLocations == null
                ? defaultStandardLocations(b.environment) : List.copyOf(b.standardLocations);
    }

    /** A builder with every default (see the class comment). */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code builder().build().locate()}: the real environment, every default. */
    public static PwshInstallation locateDefault() {
        return builder().build().locate();
    }

    /**
     * Where PowerShell's own installers put pwsh on the environment's OS, in the order checked:
     * <ul>
     *   <li>Linux and other Unix: {@code /opt/microsoft/powershell/7/pwsh},
     *       {@code /opt/microsoft/powershell/7-preview/pwsh}, {@code /usr/bin/pwsh},
     *       {@code /usr/local/bin/pwsh}, {@code /snap/bin/pwsh};</li>
     *   <li>macOS: {@code /usr/local/microsoft/powershell/7/pwsh},
     *       {@code /usr/local/microsoft/powershell/7-preview/pwsh}, {@code /usr/local/bin/pwsh},
     *       {@code /opt/homebrew/bin/pwsh};</li>
     *   <li>both: {@code ~/.powershell/pwsh} (Microsoft's install-powershell.ps1 default there);</li>
     *   <li>Windows: {@code %ProgramFiles%\PowerShell\7\pwsh.exe},
     *       {@code %ProgramFiles%\PowerShell\7-preview\pwsh.exe} (also under
     *       {@code %ProgramW6432%} when a 32-bit JVM sees another ProgramFiles; without the
     *       variable, {@code C:\Program Files}), {@code %LOCALAPPDATA%\Microsoft\powershell\pwsh.exe}
     *       (install-powershell.ps1's default);</li>
     *   <li>everywhere, last: {@code ~/.dotnet/tools/pwsh} ({@code pwsh.exe} on Windows), where
     *       {@code dotnet tool install --global PowerShell} puts it.</li>
     * </ul>
     */
    public static List<Path> defaultStandardLocations(PwshEnvironment env) {
        List<Path> list = new ArrayList<>();
        Path home = env.userHome();
        if (env.isWindows()) {
            List<String> programDirs = new ArrayList<>();
            programDirs.add(env.variable("ProgramFiles").orElse("C:\\Program Files"));
            env.variable("ProgramW6432").filter(p -> !programDirs.contains(p)).ifPresent(programDirs::add);
            for (String dir : programDirs) {
                Path ps = Path.of(dir).resolve("PowerShell");
                list.add(ps.resolve("7").resolve("pwsh.exe"));
                list.add(ps.resolve("7-preview").resolve("pwsh.exe"));
            }
            Path localAppData = env.variable("LOCALAPPDATA").map(Path::of)
                    .orElse(home.resolve("AppData").resolve("Local"));
            list.add(localAppData.resolve("Microsoft").resolve("powershell").resolve("pwsh.exe"));
            list.add(home.resolve(".dotnet").resolve("tools").resolve("pwsh.exe"));
            return list;
        }
        if (env.isMacOs()) {
            list.add(Path.of("/usr/local/microsoft/powershell/7/pwsh"));
            list.add(Path.of("/usr/local/microsoft/powershell/7-preview/pwsh"));
            list.add(Path.of("/usr/local/bin/pwsh"));
            list.add(Path.of("/opt/homebrew/bin/pwsh"));
        } else {
            list.add(Path.of("/opt/microsoft/powershell/7/pwsh"));
            list.add(Path.of("/opt/microsoft/powershell/7-preview/pwsh"));
            list.add(Path.of("/usr/bin/pwsh"));
            list.add(Path.of("/usr/local/bin/pwsh"));
            list.add(Path.of("/snap/bin/pwsh"));
        }
        list.add(home.resolve(".powershell").resolve("pwsh"));
        list.add(home.resolve(".dotnet").resolve("tools").resolve("pwsh"));
        return list;
    }

    /** The version of {@code p}: from the probe cache when the file is unchanged, else probed. */
    private PwshVersion probe(Path p) {
        Optional<ProbeCache> cache = ProbeCache.of(environment);
        Optional<PwshVersion> known = cache.flatMap(c -> c.get(p));
        if (known.isPresent()) {
            return known.get();
        }
        PwshVersion v = PwshProbe.version(p, probeTimeout);
        cache.ifPresent(c -> c.put(p, v));
        return v;
    }

    /**
     * Runs discovery (see the class comment).
     *
     * @throws PwshNotFoundException when no usable pwsh is found, or the explicit path or
     *                               {@value #ENV_PWSH} names an unusable one
     * @throws PwshTooOldException   when the pwsh chosen by a setting, or every pwsh found, is
     *                               older than the minimum
     * @throws UserSettingsException when the settings file is malformed
     */
    public PwshInstallation locate() {
        Search search = new Search();
        if (explicit != null) {
            return search.required(explicit, "explicit pwsh path", SOURCE_EXPLICIT);
        }
        search.looked.add("explicit pwsh path: not given");

        Optional<String> fromEnv = environment.variable(ENV_PWSH);
        if (fromEnv.isPresent()) {
            Path p;
            try {
                p = Path.of(fromEnv.get().trim());
            } catch (InvalidPathException e) {
                search.looked.add("environment variable " + ENV_PWSH + "='" + fromEnv.get() + "': not a path");
                throw new PwshNotFoundException("The environment variable " + ENV_PWSH + " ('" + fromEnv.get()
                        + "') is not a path. Fix or unset it.", search.looked, e);
            }
            return search.required(p, "environment variable " + ENV_PWSH, SOURCE_ENV);
        }
        search.looked.add("environment variable " + ENV_PWSH + ": not set");

        UserSettings userSettings = settings != null ? settings : UserSettings.load(environment);
        Optional<Path> installed = userSettings.installedPwsh();
        if (installed.isPresent()) {
            Optional<PwshInstallation> found = search.candidate(installed.get(),
                    "settings file " + userSettings.file() + " (" + UserSettings.PWSH_PATH + ")", SOURCE_SETTINGS);
            if (found.isPresent()) {
                return found.get();
            }
        } else {
            search.looked.add("settings file " + userSettings.file() + ": "
                    + (Files.exists(userSettings.file()) ? "no " + UserSettings.PWSH_PATH + " recorded" : "does not exist"));
        }

        List<Path> pathDirs = environment.searchPath();
        if (pathDirs.isEmpty()) {
            search.looked.add("PATH: not set or empty");
        }
        String name = environment.isWindows() ? "pwsh.exe" : "pwsh";
        for (Path dir : pathDirs) {
            Optional<PwshInstallation> found = search.candidate(dir.resolve(name), "PATH", SOURCE_PATH);
            if (found.isPresent()) {
                return found.get();
            }
        }

        for (Path location : standardLocations) {
            Optional<PwshInstallation> found = search.candidate(location, "standard location", SOURCE_STANDARD);
            if (found.isPresent()) {
                return found.get();
            }
        }

        if (search.firstTooOld != null) {
            throw new PwshTooOldException(search.firstTooOld.executable(), search.firstTooOld.version(),
                    minimumVersion, search.looked);
        }
        throw new PwshNotFoundException("No usable PowerShell " + minimumVersion + " or newer (pwsh) was found. "
                + "Install PowerShell 7, or name it with " + ENV_PWSH + ". Places looked at, in order:"
                + PwshPrerequisiteException.bulleted(search.looked), search.looked, null);
    }

    /** One run of discovery: what was looked at, and the first too-old pwsh met. */
    private final class Search {
        final List<String> looked = new ArrayList<>();
        final Set<Path> seen = new HashSet<>();
        PwshInstallation firstTooOld;

        /** A pwsh the user chose: anything wrong with it is an error naming the setting. */
        PwshInstallation required(Path path, String setting, String source) {
            Path p = path.toAbsolutePath().normalize();
            String problem = fileProblem(p);
            PwshProbeException probeError = null;
            if (problem == null) {
                try {
                    PwshVersion v = probe(p);
                    if (!v.isAtLeast(minimumVersion)) {
                        looked.add(setting + " " + p + ": version " + v + " is below the minimum " + minimumVersion);
                        throw new PwshTooOldException(p, v, minimumVersion, looked);
                    }
                    return found(p, v, source);
                } catch (PwshProbeException e) {
                    problem = e.getMessage();
                    probeError = e;
                }
            }
            looked.add(setting + " " + p + ": " + problem);
            String fix = SOURCE_ENV.equals(source) ? " Fix or unset " + ENV_PWSH + "." : " Fix the path or leave it out.";
            throw new PwshNotFoundException("The " + setting + " names " + p + ", which is not a usable pwsh: "
                    + problem + "." + fix, looked, probeError);
        }

        /** A pwsh found by searching: anything wrong with it is noted and the search goes on. */
        Optional<PwshInstallation> candidate(Path path, String where, String source) {
            Path p = path.toAbsolutePath().normalize();
            if (!seen.add(p)) {
                looked.add(where + " " + p + ": already checked");
                return Optional.empty();
            }
            String problem = fileProblem(p);
            if (problem == null) {
                try {
                    PwshVersion v = probe(p);
                    if (v.isAtLeast(minimumVersion)) {
                        return Optional.of(found(p, v, source));
                    }
                    problem = "version " + v + " is below the minimum " + minimumVersion;
                    if (firstTooOld == null) {
                        firstTooOld = new PwshInstallation(p, v, source);
                    }
                } catch (PwshProbeException e) {
                    problem = e.getMessage();
                }
            }
            looked.add(where + " " + p + ": " + problem);
            LOG.debug("pwsh candidate rejected: {} {}: {}", where, p, problem);
            return Optional.empty();
        }

        private PwshInstallation found(Path p, PwshVersion v, String source) {
            PwshInstallation installation = new PwshInstallation(p, v, source);
            LOG.info("Using {}", installation);
            return installation;
        }
    }

    /** Why {@code p} cannot be a pwsh without running it, or null when it may be one. */
    private static String fileProblem(Path p) {
        if (!Files.exists(p)) {
            return Files.isSymbolicLink(p) ? "a broken symbolic link" : "does not exist";
        }
        if (Files.isDirectory(p)) {
            return "is a directory";
        }
        if (!Files.isExecutable(p)) {
            return "exists but is not executable";
        }
        return null;
    }

    /**
     * Configures a {@link PwshLocator}. Defaults: no explicit path, minimum {@link
     * #DEFAULT_MINIMUM}, probe timeout {@link PwshProbe#DEFAULT_TIMEOUT}, environment {@link
     * PwshEnvironment#system()}, settings from the environment's default file, standard
     * locations {@link #defaultStandardLocations(PwshEnvironment)}.
     */
    public static final class Builder {
        private Path explicit;
        private PwshVersion minimumVersion = DEFAULT_MINIMUM;
        private PwshEnvironment environment = PwshEnvironment.system();
        private Duration probeTimeout = PwshProbe.DEFAULT_TIMEOUT;
        private UserSettings settings;
        private List<Path> standardLocations;

        private Builder() {
        }

        /**
         * The pwsh to use; when given it must be usable and nothing else is tried. A relative path
         * is resolved against the JVM's working directory. Default: none (null).
         */
        public Builder explicit(Path executable) {
            this.explicit = executable;
            return this;
        }

        /** Oldest version accepted. Default {@link #DEFAULT_MINIMUM} (7.2.0). */
        public Builder minimumVersion(PwshVersion minimum) {
            this.minimumVersion = Objects.requireNonNull(minimum, "minimum");
            return this;
        }

        /** Environment variables, OS and home directory discovery reads. Default {@link PwshEnvironment#system()}. */
        public Builder environment(PwshEnvironment environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** How long one version probe may take before it is killed. Default 30 s. */
        public Builder probeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("probe timeout must be positive: " + timeout);
            }
            this.probeTimeout = timeout;
            return this;
        }

        /** The settings to read the installed pwsh from. Default: {@code UserSettings.load(environment)}, read at {@code locate()}. */
        public Builder settings(UserSettings settings) {
            this.settings = settings;
            return this;
        }

        /** Replaces the OS's standard locations (step 5), e.g. to add a site-specific one. Default: by OS. */
        public Builder standardLocations(List<Path> locations) {
            this.standardLocations = List.copyOf(locations);
            return this;
        }

        public PwshLocator build() {
            return new PwshLocator(this);
        }
    }
}
