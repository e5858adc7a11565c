package dev.exobridge.simulator;

import dev.exobridge.pwsh.PwshEnvironment;
import dev.exobridge.scripts.PsScripts;
import dev.exobridge.session.SessionOptions;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the Exchange Online simulator module lives on disk and how a session uses it. The module
 * ({@code ps-scripts/exchange-simulator/} in the source, named {@value #MODULE_NAME} like
 * Microsoft's) is copied out of the jar on first use into a content-hashed cache folder (see
 * {@link PsScripts#extract}); nothing installs it into a module folder, so it never shadows the
 * real module unless a session asks for it with {@link #configure}.
 *
 * <p>Default state file: {@code $XDG_DATA_HOME/exo-bridge/simulator/tenant.json}, else
 * {@code ~/.local/share/exo-bridge/simulator/tenant.json} (on Windows
 * {@code %LOCALAPPDATA%\exo-bridge\simulator\tenant.json}).
 */
public final class SimulatorModule {
    /** The module's name: the real module's, so users' scripts import it unchanged. */
    public static final String MODULE_NAME = "ExchangeOnlineManagement";
    /** The tag in the simulator's manifest that tells it from Microsoft's module. */
    public static final String TAG = "Simulator";
    /** The environment variable that names the tenant's state file inside pwsh. */
    public static final String STATE_VARIABLE = "EXO_SIMULATOR_STATE";
    private static final String RESOURCE_DIR = "exchange-simulator";

    private SimulatorModule() {
    }

    /** The module folder (holding {@code ExchangeOnlineManagement.psd1}), extracted if needed. */
    public static Path folder() {
        return folder(PwshEnvironment.system());
    }

    /** As {@link #folder()}, with the cache folder of {@code env}. */
    public static Path folder(PwshEnvironment env) {
        return PsScripts.extract(RESOURCE_DIR, MODULE_NAME, PsScripts.defaultCacheRoot(env));
    }

    /** The module's manifest in {@link #folder()}. */
    public static Path manifest(PwshEnvironment env) {
        return folder(env).resolve(MODULE_NAME + ".psd1");
    }

    /**
     * Makes a session use the simulator: its module folder first on that session's PSModulePath
     * (so {@code Import-Module ExchangeOnlineManagement} and autoloading find it before any
     * installed module) and {@value #STATE_VARIABLE} set to {@code stateFile}.
     */
    public static SessionOptions.Builder configure(SessionOptions.Builder options, Path stateFile) {
        return configure(options, stateFile, PwshEnvironment.system());
    }

    /** As {@link #configure(SessionOptions.Builder, Path)}, with the cache folder of {@code env}. */
    public static SessionOptions.Builder configure(SessionOptions.Builder options, Path stateFile, PwshEnvironment env) {
        Objects.requireNonNull(stateFile, "stateFile");
        return options.modulePathFirst(folder(env).getParent())
                .environment(STATE_VARIABLE, stateFile.toAbsolutePath().toString());
    }

    /** The default state file of the JVM's environment (see the class comment). */
    public static Path defaultStateFile() {
        return defaultStateFile(PwshEnvironment.system());
    }

    /** The default state file in {@code env} (see the class comment). */
    public static Path defaultStateFile(PwshEnvironment env) {
        Path data;
        if (env.isWindows() && env.variable("LOCALAPPDATA").isPresent()) {
            data = Path.of(env.variable("LOCALAPPDATA").get());
        } else {
            data = env.variable("XDG_DATA_HOME").map(Path::of).filter(Path::isAbsolute)
                    .orElse(env.userHome().resolve(".local").resolve("share"));
        }
        return data.resolve("exo-bridge").resolve("simulator").resolve("tenant.json");
    }

    /** Whether a module's tags mark it as the simulator (case-insensitive, as the Gallery's tags). */
    public static boolean isSimulator(Collection<String> tags) {
        return tags != null && tags.stream().anyMatch(t -> t != null && t.toLowerCase(Locale.ROOT).equals(TAG.toLowerCase(Locale.ROOT)));
    }
}
