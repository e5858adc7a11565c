package dev.exobridge.pwsh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers the versions that probes found, per executable (its real path, size and
 * modification time), in a small per-user cache file, so that a command line run starts pwsh
 * once instead of twice. A changed executable has another key and is probed again; a missing or
 * unreadable cache only costs the probe.
 *
 * <p>The file: {@code $EXOBRIDGE_CACHE_HOME/pwsh-versions.properties}, else
 * {@code $XDG_CACHE_HOME/exo-bridge/...}, else {@code ~/.cache/exo-bridge/...} (on Windows
 * {@code %LOCALAPPDATA%\exo-bridge\...}). {@code EXOBRIDGE_CACHE_HOME=off} turns it off.
 */
final class ProbeCache {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeCache.class);
    private static final String FILE = "pwsh-versions.properties";

    private final Path file;

    private ProbeCache(Path file) {
        this.file = file;
    }

    /** The cache of this environment, or none when turned off. */
    static Optional<ProbeCache> of(PwshEnvironment env) {
        Optional<String> own = env.variable("EXOBRIDGE_CACHE_HOME");
        if (own.isPresent()) {
            return own.get().equalsIgnoreCase("off") ? Optional.empty()
                    : Optional.of(new ProbeCache(Path.of(own.get()).resolve(FILE)));
        }
        Path base;
        if (env.isWindows()) {
            base = env.variable("LOCALAPPDATA").map(Path::of)
                    .orElse(env.userHome().resolve("AppData").resolve("Local"));
        } else {
            base = env.variable("XDG_CACHE_HOME").map(Path::of).filter(Path::isAbsolute)
                    .orElse(env.userHome().resolve(".cache"));
        }
        return Optional.of(new ProbeCache(base.resolve("exo-bridge").resolve(FILE)));
    }

    /** The version recorded for this executable as it is now, if any. */
    Optional<PwshVersion> get(Path executable) {
        Optional<String> key = key(executable);
        if (key.isEmpty() || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String v = load().getProperty(key.get());
            return v == null ? Optional.empty() : Optional.of(PwshVersion.parse(v));
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("ignoring the probe cache {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    /** Records a probed version; failures to write only cost a probe next time. */
    void put(Path executable, PwshVersion version) {
        Optional<String> key = key(executable);
        if (key.isEmpty()) {
            return;
        }
        try {
            Properties p = Files.isRegularFile(file) ? load() : new Properties();
            p.setProperty(key.get(), version.toString());
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "pwsh versions found by exo-bridge; safe to delete");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot write the probe cache {}: {}", file, e.toString());
        }
    }

    private Properties load() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p;
    }

    /** Real path, size and modification time: another file, or the same one changed, is another key. */
    private static Optional<String> key(Path executable) {
        try {
            Path real = executable.toRealPath();
            BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
            return Optional.of(real + "|" + a.size() + "|" + a.lastModifiedTime().toMillis());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
