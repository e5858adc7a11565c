package dev.exobridge.setup;

import dev.exobridge.pwsh.PwshEnvironment;
import dev.exobridge.pwsh.PwshInstallation;
import dev.exobridge.pwsh.PwshLocator;
import dev.exobridge.pwsh.PwshProbe;
import dev.exobridge.pwsh.PwshProbeException;
import dev.exobridge.pwsh.PwshVersion;
import dev.exobridge.pwsh.UserSettings;
import dev.exobridge.pwsh.UserSettingsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs PowerShell from a release archive into a per-user folder and records it in the
 * per-user settings file that discovery ({@link PwshLocator}) reads, so it is used from then on.
 * What {@code exo-bridge pwsh install} runs. Downloads only when given a URL.
 *
 * <p>An install: fetch (a URL is downloaded into the install folder; a file is read where it
 * is) → check the SHA-256 against the caller's → unpack ({@code .tar.gz}, {@code .tar.xz} or {@code .zip}, with
 * symbolic links and executable bits) into a temporary folder beside the target → require
 * {@code pwsh} ({@code pwsh.exe} on Windows) at the archive's root → run it once to read its
 * version → move the folder into place as {@code <install root>/<version>} in one rename (an
 * older copy of that version is moved aside first and removed after) → record it in the
 * settings file. A failure at any point removes what this install made and leaves the previous
 * install and settings as they were.
 *
 * <p>Defaults: install root {@link #defaultInstallRoot(PwshEnvironment)}; settings file
 * {@link UserSettings#defaultFile(PwshEnvironment)}; environment {@link PwshEnvironment#system()};
 * connect timeout 30 s; download timeout 30 minutes; version probe timeout
 * {@link PwshProbe#DEFAULT_TIMEOUT}.
 */
public final class PwshInstaller {
    /** The file in each install folder recording where it came from: sha256, source, version. */
    public static final String MARKER = ".exo-bridge-install.properties";

    private static final Logger LOG = LoggerFactory.getLogger(PwshInstaller.class);

    private final Path installRoot;
    private final Path settingsFile;
    private final boolean windows;
    private final Downloader downloader;
    private final Duration probeTimeout;

    private PwshInstaller(Builder b) {
        this.installRoot = (b.installRoot != null ? b.installRoot : defaultInstallRoot(b.environment))
                .toAbsolutePath().normalize();
        this.settingsFile = b.settingsFile != null ? b.settingsFile : UserSettings.defaultFile(b.environment);
        this.windows = b.environment.isWindows();
        this.downloader = new Downloader(b.connectTimeout, b.downloadTimeout);
        this.probeTimeout = b.probeTimeout;
    }

    /** A builder with every default (see the class comment). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Where exo-bridge installs pwsh for the user: {@code %LOCALAPPDATA%\exo-bridge\pwsh} on
     * Windows, {@code ~/Library/Application Support/exo-bridge/pwsh} on macOS, else
     * {@code $XDG_DATA_HOME/exo-bridge/pwsh} (an absolute XDG_DATA_HOME only) or
     * {@code ~/.local/share/exo-bridge/pwsh}.
     */
    public static Path defaultInstallRoot(PwshEnvironment env) {
        Path home = env.userHome();
        if (env.isWindows()) {
            return env.variable("LOCALAPPDATA").map(Path::of).orElse(home.resolve("AppData").resolve("Local"))
                    .resolve("exo-bridge").resolve("pwsh");
        }
        if (env.isMacOs()) {
            return home.resolve("Library").resolve("Application Support").resolve("exo-bridge").resolve("pwsh");
        }
        Path data = env.variable("XDG_DATA_HOME").map(Path::of).filter(Path::isAbsolute)
                .orElse(home.resolve(".local").resolve("share"));
        return data.resolve("exo-bridge").resolve("pwsh");
    }

    /** The folder installs go into, one sub-folder per version. */
    public Path installRoot() {
        return installRoot;
    }

    /** The settings file installs are recorded in. */
    public Path settingsFile() {
        return settingsFile;
    }

    /**
     * The pwsh recorded in the settings file, when it was installed by exo-bridge from an archive
     * with this SHA-256 and still runs; empty otherwise (then {@link #install} is needed).
     */
    public Optional<PwshInstallation> installedFrom(PwshArchive archive) {
        Optional<Path> recorded;
        try {
            recorded = UserSettings.load(settingsFile).installedPwsh();
        } catch (UserSettingsException e) {
            LOG.debug("settings file unreadable: {}", e.getMessage());
            return Optional.empty();
        }
        if (recorded.isEmpty() || !Files.isExecutable(recorded.get())) {
            return Optional.empty();
        }
        Properties marker = readMarker(recorded.get().getParent());
        if (!archive.sha256().equalsIgnoreCase(marker.getProperty("sha256", ""))) {
            return Optional.empty();
        }
        try {
            PwshVersion v = PwshProbe.version(recorded.get(), probeTimeout);
            return Optional.of(new PwshInstallation(recorded.get(), v, PwshLocator.SOURCE_SETTINGS));
        } catch (PwshProbeException e) {
            LOG.info("the pwsh installed from {} no longer runs ({}); it will be installed again", archive.location(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Installs pwsh from {@code archive} (see the class comment) and records it in the settings
     * file. Installs again when that version is already there (replacing it in one move).
     *
     * @return the installed pwsh, source {@link PwshLocator#SOURCE_SETTINGS}
     * @throws SetupException naming the archive, checksum, folder or settings file that was
     *                        wrong; nothing is left half-installed
     */
    public PwshInstallation install(PwshArchive archive) {
        return install(archive, step -> { });
    }

    /**
     * {@link #install(PwshArchive)}, telling {@code steps} each step as it starts: "downloading
     * URL", "checking the SHA-256", "unpacking" (only once the checksum matched), "checking the
     * pwsh it holds". A failure is thrown; no step says "done".
     */
    public PwshInstallation install(PwshArchive archive, java.util.function.Consumer<String> steps) {
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(steps, "steps");
        createRoot();
        Path download = null;
        Path unpacked = null;
        try {
            Path file;
            if (archive.isRemote()) {
                download = Files.createTempFile(installRoot, ".download-", ".part");
                LOG.info("downloading the pwsh archive {}", archive.location());
                steps.accept("downloading " + archive.location());
                downloader.download(URI.create(archive.location()), download);
                file = download;
            } else {
                file = Path.of(archive.location());
                if (!Files.isRegularFile(file)) {
                    throw new SetupException("The pwsh archive " + file + " does not exist or is not a file. "
                            + "Give the path of a PowerShell release archive (.tar.gz, .tar.xz or .zip).");
                }
            }
            steps.accept("checking the SHA-256 of " + archive.location());
            String actual = sha256(file);
            if (!actual.equalsIgnoreCase(archive.sha256())) {
                throw new SetupException("The SHA-256 of the pwsh archive " + archive.location() + " is " + actual + ", but "
                        + archive.sha256() + " was expected: the archive is damaged or not the one meant. Nothing was "
                        + "installed; fetch the archive again or check the checksum.");
            }
            steps.accept("unpacking " + archive.location());
            unpacked = Files.createTempDirectory(installRoot, ".unpack-");
            try {
                ArchiveUnpacker.unpack(file, unpacked);
            } catch (IOException e) {
                throw new SetupException("Cannot unpack the pwsh archive " + archive.location() + ": " + e.getMessage()
                        + ". Nothing was installed.", e);
            }
            // Release archives hold pwsh at their root; a bundle may hold one folder with it inside.
            Path home = singleFolderWithPwsh(unpacked);
            Path exe = home.resolve(executableName());
            if (!Files.isRegularFile(exe)) {
                throw new SetupException("The archive " + archive.location() + " has no " + executableName()
                        + " at its root" + describeRoot(unpacked) + ". Use an official PowerShell release archive for this "
                        + "platform, e.g. " + PwshPlatform.current().archiveName(PwshVersion.of(7, 4, 6)) + ". Nothing was installed.");
            }
            if (!Files.isExecutable(exe)) {
                throw new SetupException("The " + executableName() + " in the archive " + archive.location()
                        + " is not executable (the archive lost its permission bits). Nothing was installed.");
            }
            PwshVersion version;
            steps.accept("checking the pwsh it holds");
            try {
                version = PwshProbe.version(exe, probeTimeout);
            } catch (PwshProbeException e) {
                throw new SetupException("The pwsh from the archive " + archive.location() + " does not run here: "
                        + e.getMessage() + ". Is the archive for this platform (" + PwshPlatform.current().rid()
                        + ")? Nothing was installed.", e);
            }
            writeMarker(home, archive, version);
            Path target = installRoot.resolve(version.toString());
            Path installed = moveIntoPlace(home, target, archive);
            if (home.equals(unpacked)) {
                unpacked = null;
            }
            LOG.info("installed pwsh {} at {}", version, installed);
            return new PwshInstallation(installed.resolve(executableName()), version, PwshLocator.SOURCE_SETTINGS);
        } catch (IOException e) {
            throw new SetupException("Installing pwsh from " + archive.location() + " into " + installRoot + " failed: " + e
                    + ". Nothing was installed.", e);
        } finally {
            deleteQuietly(unpacked);
            deleteQuietly(download);
        }
    }

    /** {@code unpacked}, or the one folder it holds when pwsh is in that folder rather than at the root. */
    private Path singleFolderWithPwsh(Path unpacked) throws IOException {
        if (Files.exists(unpacked.resolve(executableName()), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return unpacked;
        }
        List<Path> entries;
        try (java.util.stream.Stream<Path> s = Files.list(unpacked)) {
            entries = s.toList();
        }
        if (entries.size() == 1 && Files.isDirectory(entries.get(0), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && Files.isRegularFile(entries.get(0).resolve(executableName()))) {
            return entries.get(0);
        }
        return unpacked;
    }

    /** Moves the unpacked folder to {@code target} and records it; on failure restores what was there. */
    private Path moveIntoPlace(Path unpacked, Path target, PwshArchive archive) throws IOException {
        Path aside = null;
        if (Files.exists(target)) {
            aside = installRoot.resolve(".old-" + target.getFileName() + "-" + System.nanoTime());
            move(target, aside);
        }
        try {
            move(unpacked, target);
        } catch (IOException e) {
            if (aside != null) {
                move(aside, target);
            }
            throw e;
        }
        UserSettings before = UserSettings.load(settingsFile);
        try {
            before.withInstalledPwsh(target.resolve(executableName())).save();
        } catch (UserSettingsException e) {
            deleteQuietly(target);
            if (aside != null) {
                move(aside, target);
            }
            throw new SetupException("pwsh could not be recorded in the settings file " + settingsFile + ": "
                    + e.getMessage() + ". The install from " + archive.location() + " was undone.", e);
        }
        deleteQuietly(aside);
        return target;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // Same folder, so this happens only on odd file systems; a plain rename is the best left.
            Files.move(from, to);
        }
    }

    private void createRoot() {
        try {
            Files.createDirectories(installRoot);
        } catch (IOException e) {
            Path blocker = installRoot;
            while (blocker != null && !Files.exists(blocker)) {
                blocker = blocker.getParent();
            }
            String why = blocker != null && !Files.isDirectory(blocker) ? blocker + " is a file, not a folder" : e.toString();
            throw new SetupException("Cannot create the pwsh install folder " + installRoot + ": " + why
                    + ". Choose another install folder or remove what is in the way. Nothing was installed.", e);
        }
    }

    private String executableName() {
        return windows ? "pwsh.exe" : "pwsh";
    }

    private static String describeRoot(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            var names = s.map(p -> p.getFileName().toString() + (Files.isDirectory(p) ? "/" : "")).sorted().limit(8).toList();
            return names.isEmpty() ? " (the archive is empty)" : " (its root holds: " + String.join(", ", names) + ")";
        }
    }

    private static void writeMarker(Path dir, PwshArchive archive, PwshVersion version) throws IOException {
        Properties p = new Properties();
        p.setProperty("sha256", archive.sha256());
        p.setProperty("source", archive.location());
        p.setProperty("version", version.toString());
        try (OutputStream out = Files.newOutputStream(dir.resolve(MARKER))) {
            p.store(out, "installed by exo-bridge");
        }
    }

    private static Properties readMarker(Path dir) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve(MARKER))) {
            p.load(in);
        } catch (NoSuchFileException e) {
            // Not installed by exo-bridge from an archive.
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("unreadable install marker in {}: {}", dir, e.toString());
        }
        return p;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static void deleteQuietly(Path p) {
        if (p == null || !Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(p, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not remove {}: {}", p, e.toString());
        }
    }

    /** Configures a {@link PwshInstaller}; see its class comment for the defaults. */
    public static final class Builder {
        private Path installRoot;
        private Path settingsFile;
        private PwshEnvironment environment = PwshEnvironment.system();
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration downloadTimeout = Duration.ofMinutes(30);
        private Duration probeTimeout = PwshProbe.DEFAULT_TIMEOUT;

        private Builder() {
        }

        /** The folder installs go into. Default: {@link #defaultInstallRoot(PwshEnvironment)}. */
        public Builder installRoot(Path root) {
            this.installRoot = root;
            return this;
        }

        /** The settings file to record installs in. Default: {@link UserSettings#defaultFile(PwshEnvironment)}. */
        public Builder settingsFile(Path file) {
            this.settingsFile = file;
            return this;
        }

        /** The environment the default folders and the OS come from. Default: {@link PwshEnvironment#system()}. */
        public Builder environment(PwshEnvironment environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** How long connecting to a download URL may take. Default 30 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How long a download may take in all. Default 30 minutes. */
        public Builder downloadTimeout(Duration timeout) {
            this.downloadTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How long the version probe of the unpacked pwsh may take. Default {@link PwshProbe#DEFAULT_TIMEOUT}. */
        public Builder probeTimeout(Duration timeout) {
            this.probeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The installer. */
        public PwshInstaller build() {
            return new PwshInstaller(this);
        }
    }
}
