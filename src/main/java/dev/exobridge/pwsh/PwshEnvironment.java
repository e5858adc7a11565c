package dev.exobridge.pwsh;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What discovery reads from the machine: environment variables, the OS name and the user's
 * home directory. {@link #system()} is the real one; tests build their own so each discovery
 * branch can be exercised with real temporary files.
 *
 * <p>Only discovery and the settings-file location use it. Processes started by this package
 * inherit the JVM's real environment (see {@link PwshLaunch} for how to change theirs).
 *
 * @param variables environment variables; on Windows names are looked up case-insensitively
 *                  ({@code Path} and {@code PATH} are the same variable there)
 * @param osName    as {@code System.getProperty("os.name")}: {@code "Linux"}, {@code "Mac OS X"},
 *                  {@code "Windows 11"}, ...
 * @param userHome  the user's home directory
 */
public record PwshEnvironment(Map<String, String> variables, String osName, Path userHome) {

    public PwshEnvironment {
        variables = Map.copyOf(Objects.requireNonNull(variables, "variables"));
        Objects.requireNonNull(osName, "osName");
        Objects.requireNonNull(userHome, "userHome");
    }

    /**
     * The JVM's own environment and {@code os.name}, with the home of {@link #homeOf}: {@code $HOME}
     * first, as pwsh and every CLI on Linux and macOS take it, so that the settings file, pwsh
     * install and the modules pwsh installs all land under the same home.
     */
    public static PwshEnvironment system() {
        Map<String, String> variables = System.getenv();
        String osName = System.getProperty("os.name", "");
        return new PwshEnvironment(variables, osName, homeOf(variables, osName, System.getProperty("user.home", ".")));
    }

    /**
     * The user's home: on Linux and macOS {@code $HOME} when it is an absolute path, else
     * {@code userHomeProperty} (Java's {@code user.home}, read from the password database);
     * on Windows {@code user.home}, which Java takes from the profile, as pwsh does.
     */
    public static Path homeOf(Map<String, String> variables, String osName, String userHomeProperty) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("windows")) {
            String home = variables.get("HOME");
            if (home != null && !home.isBlank()) {
                try {
                    Path p = Path.of(home);
                    if (p.isAbsolute()) {
                        return p;
                    }
                } catch (InvalidPathException e) {
                    // Not a path: fall back to user.home below.
                }
            }
        }
        return Path.of(userHomeProperty);
    }

    /** A copy with one variable set. */
    public PwshEnvironment withVariable(String name, String value) {
        Map<String, String> copy = new HashMap<>(variables);
        copy.put(name, value);
        return new PwshEnvironment(copy, osName, userHome);
    }

    /** A copy without one variable. */
    public PwshEnvironment withoutVariable(String name) {
        Map<String, String> copy = new HashMap<>(variables);
        copy.keySet().removeIf(k -> isWindows() ? k.equalsIgnoreCase(name) : k.equals(name));
        return new PwshEnvironment(copy, osName, userHome);
    }

    /** The variable's value; empty when unset or blank (a blank value is treated as unset). */
    public Optional<String> variable(String name) {
        String value = variables.get(name);
        if (value == null && isWindows()) {
            value = variables.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** Whether {@link #osName()} is a Windows. */
    public boolean isWindows() {
        return osName.toLowerCase(Locale.ROOT).startsWith("windows");
    }

    /** Whether {@link #osName()} is macOS. */
    public boolean isMacOs() {
        String os = osName.toLowerCase(Locale.ROOT);
        return os.startsWith("mac") || os.startsWith("darwin");
    }

    /**
     * The directories of {@code PATH}, in order, split with the separator of {@link #osName()}'s
     * OS ({@code ;} on Windows, {@code :} elsewhere). Empty entries and entries that are not
     * valid paths are left out; Windows entries lose surrounding double quotes.
     */
    public List<Path> searchPath() {
        String raw = variable("PATH").orElse("");
        List<Path> dirs = new ArrayList<>();
        for (String entry : raw.split(isWindows() ? ";" : ":")) {
            String e = entry.trim();
            if (isWindows() && e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
                e = e.substring(1, e.length() - 1);
            }
            if (e.isEmpty()) {
                continue;
            }
            try {
                dirs.add(Path.of(e));
            } catch (InvalidPathException ignored) {
                // A PATH entry this OS cannot even name holds no pwsh.
            }
        }
        return dirs;
    }
}
