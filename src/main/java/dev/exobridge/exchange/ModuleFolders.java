package dev.exobridge.exchange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The temporary-module folders of sessions ({@code Connect-ExchangeOnline} writes a module
 * {@code tmpEXO_*} there): one per session under {@code <java.io.tmpdir>/exo-bridge-exo-<user>},
 * named with the JVM's pid, removed when the session closes; folders of JVMs that are gone (a
 * crash) are removed when the next one is made. The root is per user: one made by another user
 * in a shared /tmp cannot be written (cron jobs of two accounts, a container user beside root).
 */
final class ModuleFolders {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleFolders.class);
    private static final String ROOT = "exo-bridge-exo-";

    private ModuleFolders() {
    }

    /** Where this user's folders are made. */
    static Path root() {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        return Path.of(System.getProperty("java.io.tmpdir"), ROOT + user);
    }

    /** A new, empty folder readable by this user only. */
    static Path create() {
        Path root = root();
        try {
            Files.createDirectories(root);
            removeStale(root);
            String prefix = ProcessHandle.current().pid() + "-";
            try {
                return Files.createTempDirectory(root, prefix,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                return Files.createTempDirectory(root, prefix);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary-module folder under " + root + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a folder and what is in it; never throws. */
    static void remove(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debug("cannot delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", dir, e.toString());
        }
    }

    private static void removeStale(Path root) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                int dash = name.indexOf('-');
                if (dash <= 0) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(name.substring(0, dash));
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        continue;
                    }
                    LOG.debug("removing {}, left by exo-bridge process {} which is gone", d, pid);
                    remove(d);
                } catch (NumberFormatException e) {
                    // not one of ours
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", root, e.toString());
        }
    }
}
