package dev.exobridge.pwsh;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-user settings file of exo-bridge: today it records the pwsh exo-bridge installed for
 * the user itself (key {@value #PWSH_PATH}), written by the prerequisites step and read by
 * {@link PwshLocator}. Immutable: {@link #withInstalledPwsh(Path)} returns a changed copy and
 * {@link #save()} writes it. Keys this class does not know are kept as they are.
 *
 * <p>Where the file is ({@link #defaultFile(PwshEnvironment)}), first that applies:
 * <ol>
 *   <li>{@code $EXOBRIDGE_CONFIG_HOME/settings.properties} (the variable names a directory);</li>
 *   <li>Windows: {@code %APPDATA%\exo-bridge\settings.properties} (without APPDATA:
 *       {@code ~\AppData\Roaming\exo-bridge\settings.properties});</li>
 *   <li>{@code $XDG_CONFIG_HOME/exo-bridge/settings.properties} if XDG_CONFIG_HOME is an absolute
 *       path (the XDG spec says to ignore a relative one);</li>
 *   <li>{@code ~/.config/exo-bridge/settings.properties}.</li>
 * </ol>
 *
 * <p>Format: Java properties, read and written as UTF-8. A backslash is an escape character in
 * that format, so a Windows path typed by hand needs {@code \\} or forward slashes; {@link
 * #save()} escapes correctly. A missing file means "no settings". A file that cannot be read
 * (bad escape, not UTF-8, a {@code pwsh.path} that is not a path) gives a {@link
 * UserSettingsException} naming the file.
 */
public final class UserSettings {
    /** Key of the pwsh exo-bridge installed: an absolute path to the executable. */
    public static final String PWSH_PATH = "pwsh.path";
    /** File name inside the exo-bridge configuration directory. */
    public static final String FILE_NAME = "settings.properties";

    private static final Logger LOG = LoggerFactory.getLogger(UserSettings.class);

    private final Path file;
    private final Properties properties;

    private UserSettings(Path file, Properties properties) {
        this.file = file;
        this.properties = properties;
    }

    /** Loads the file at the default location of the real environment. */
    public static UserSettings load() {
        return load(PwshEnvironment.system());
    }

    /** Loads the file at the default location for {@code environment}. */
    public static UserSettings load(PwshEnvironment environment) {
        return load(defaultFile(environment));
    }

    /**
     * Loads {@code file}; a missing file gives empty settings that {@link #save()} will create.
     *
     * @throws UserSettingsException naming the file when it exists but cannot be read
     */
    public static UserSettings load(Path file) {
        Objects.requireNonNull(file, "file");
        Properties props = new Properties();
        // Strict UTF-8: a file in another encoding is reported, not silently misread.
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (Reader in = new InputStreamReader(Files.newInputStream(file), decoder)) {
            props.load(in);
        } catch (NoSuchFileException e) {
            LOG.debug("no exo-bridge settings file at {}", file);
            return new UserSettings(file, props);
        } catch (CharacterCodingException e) {
            throw malformed(file, "it is not UTF-8 text", e);
        } catch (IllegalArgumentException e) {
            throw malformed(file, e.getMessage(), e); // Properties: a malformed \\uXXXX escape
        } catch (IOException e) {
            throw new UserSettingsException(file, "Cannot read the exo-bridge settings file " + file + ": " + e, e);
        }
        UserSettings settings = new UserSettings(file, props);
        settings.installedPwsh(); // validate now, so a bad value is reported at load time
        return settings;
    }

    /** Where the settings file is for {@code environment} (see the class comment for the order). */
    public static Path defaultFile(PwshEnvironment environment) {
        Optional<String> own = environment.variable("EXOBRIDGE_CONFIG_HOME");
        if (own.isPresent()) {
            return Path.of(own.get()).resolve(FILE_NAME);
        }
        if (environment.isWindows()) {
            Path appData = environment.variable("APPDATA").map(Path::of)
                    .orElse(environment.userHome().resolve("AppData").resolve("Roaming"));
            return appData.resolve("exo-bridge").resolve(FILE_NAME);
        }
        Optional<Path> xdg = environment.variable("XDG_CONFIG_HOME").map(Path::of).filter(Path::isAbsolute);
        Path base = xdg.orElse(environment.userHome().resolve(".config"));
        return base.resolve("exo-bridge").resolve(FILE_NAME);
    }

    /** The file these settings were loaded from and {@link #save()} writes to. */
    public Path file() {
        return file;
    }

    /**
     * The pwsh exo-bridge installed for this user, if recorded (a blank value counts as not
     * recorded). It is not checked to exist: discovery does that.
     *
     * @throws UserSettingsException when the value is not a path
     */
    public Optional<Path> installedPwsh() {
        String value = properties.getProperty(PWSH_PATH);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(value.trim()));
        } catch (InvalidPathException e) {
            throw malformed(file, PWSH_PATH + " is not a path: '" + value + "'", e);
        }
    }

    /** A copy recording {@code executable} as the pwsh exo-bridge installed; call {@link #save()} to keep it. */
    public UserSettings withInstalledPwsh(Path executable) {
        Properties copy = copy();
        copy.setProperty(PWSH_PATH, executable.toAbsolutePath().normalize().toString());
        return new UserSettings(file, copy);
    }

    /** A copy with no installed pwsh recorded (after uninstalling it); call {@link #save()} to keep it. */
    public UserSettings withoutInstalledPwsh() {
        Properties copy = copy();
        copy.remove(PWSH_PATH);
        return new UserSettings(file, copy);
    }

    /**
     * Writes the file atomically: to a temporary file in the same directory, then moved over the
     * old one, so a reader never sees half a file and a crash leaves the old one intact.
     * Creates the directory when needed.
     *
     * @throws UserSettingsException naming the file when it cannot be written
     */
    public void save() {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, FILE_NAME + ".", ".tmp");
            try (Writer out = new OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8)) {
                properties.store(out, "exo-bridge user settings");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            LOG.debug("saved exo-bridge settings to {}", file);
        } catch (IOException e) {
            throw new UserSettingsException(file, "Cannot write the exo-bridge settings file " + file + ": " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // Best effort: the original error is the one worth reporting.
                }
            }
        }
    }

    private Properties copy() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    private static UserSettingsException malformed(Path file, String why, Throwable cause) {
        return new UserSettingsException(file,
                "The exo-bridge settings file " + file + " is malformed: " + why
                        + ". Fix or delete it (exo-bridge rewrites it when it installs pwsh).", cause);
    }

    @Override
    public String toString() {
        return "UserSettings[" + file + ", " + PWSH_PATH + "=" + properties.getProperty(PWSH_PATH) + "]";
    }
}
