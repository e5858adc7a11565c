package dev.exobridge.scripts;

import dev.exobridge.pwsh.PwshEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one home of the PowerShell the product runs: {@code ps-scripts/} in the source tree,
 * packaged in the jar under {@code /ps-scripts/}. Scripts sent to pwsh as text come from
 * {@link #text(String)}; whole folders pwsh must load from disk (a module) are copied out by
 * {@link #extract(String, String)} into a cache folder named after their content.
 *
 * <p>Cache location (default): {@code $XDG_CACHE_HOME/exo-bridge/ps-scripts}, else
 * {@code ~/.cache/exo-bridge/ps-scripts} (on Windows {@code %LOCALAPPDATA%\exo-bridge\ps-scripts});
 * when that cannot be written (a read-only HOME), a folder under the system temp folder.
 */
public final class PsScripts {
    private static final Logger LOG = LoggerFactory.getLogger(PsScripts.class);
    private static final String ROOT = "ps-scripts/";
    private static final Map<String, String> TEXTS = new ConcurrentHashMap<>();
    private static final Map<String, Path> EXTRACTED = new ConcurrentHashMap<>();

    private PsScripts() {
    }

    /**
     * The text of {@code ps-scripts/<path>} (for example {@code setup/common.ps1}), read once.
     *
     * @throws IllegalStateException when the build did not package it (a broken jar)
     */
    public static String text(String path) {
        return TEXTS.computeIfAbsent(path, p -> new String(bytes(ROOT + p), StandardCharsets.UTF_8));
    }

    /**
     * The folder {@code ps-scripts/<dir>/} on disk, as {@code <cache>/<dir>-<hash>/<leaf>/} (its
     * files, sub-folders included, below {@code leaf}). The hash is of the folder's content, so a
     * new build never uses an old copy; the copy is made in a private folder and renamed into
     * place, so two processes extracting at once each end with a whole folder.
     *
     * @throws PsScriptsException when neither the cache nor the temp folder can be written
     */
    public static Path extract(String dir, String leaf) {
        return extract(dir, leaf, defaultCacheRoot());
    }

    /** As {@link #extract(String, String)}, into {@code cacheRoot} (then the temp folder). */
    public static Path extract(String dir, String leaf, Path cacheRoot) {
        String key = dir + "|" + leaf + "|" + cacheRoot;
        Path known = EXTRACTED.get(key);
        if (known != null && Files.isDirectory(known)) {
            return known;
        }
        Map<String, byte[]> files = folderFiles(dir);
        String name = dir.replace('/', '-') + "-" + contentHash(files);
        Path result;
        try {
            result = extractInto(cacheRoot, name, leaf, files);
        } catch (IOException e) {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"), "exo-bridge-" + System.getProperty("user.name", "user"), "ps-scripts");
            LOG.warn("cannot write the cache folder {} ({}); using {}", cacheRoot, e.toString(), tmp);
            try {
                result = extractInto(tmp, name, leaf, files);
            } catch (IOException e2) {
                throw new PsScriptsException("Cannot copy the PowerShell folder " + dir + " out of exo-bridge: neither "
                        + cacheRoot + " (" + e.getMessage() + ") nor " + tmp + " (" + e2.getMessage()
                        + ") can be written. Set XDG_CACHE_HOME to a writable folder.", e2);
            }
        }
        EXTRACTED.put(key, result);
        return result;
    }

    /** The default cache root of the JVM's own environment (see the class comment). */
    public static Path defaultCacheRoot() {
        return defaultCacheRoot(PwshEnvironment.system());
    }

    /** The default cache root in {@code env} (see the class comment). */
    public static Path defaultCacheRoot(PwshEnvironment env) {
        if (env.isWindows() && env.variable("LOCALAPPDATA").isPresent()) {
            return Path.of(env.variable("LOCALAPPDATA").get(), "exo-bridge", "ps-scripts");
        }
        return env.variable("XDG_CACHE_HOME").map(Path::of).filter(Path::isAbsolute)
                .orElse(env.userHome().resolve(".cache")).resolve("exo-bridge").resolve("ps-scripts");
    }

    private static Path extractInto(Path root, String name, String leaf, Map<String, byte[]> files) throws IOException {
        Path target = root.resolve(name);
        if (Files.isDirectory(target.resolve(leaf))) {
            return target.resolve(leaf);
        }
        Files.createDirectories(root);
        Path staging = root.resolve(".tmp-" + UUID.randomUUID());
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path p = staging.resolve(leaf).resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, f.getValue());
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                LOG.debug("extracted {} into {}", name, target);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                if (!Files.isDirectory(target.resolve(leaf))) {
                    throw e;
                }
            } catch (IOException e) {
                // Another process renamed its copy into place first (a non-empty target).
                if (!Files.isDirectory(target.resolve(leaf))) {
                    throw e;
                }
            }
        } finally {
            deleteTree(staging);
        }
        return target.resolve(leaf);
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            walk.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("cannot remove {}: {}", p, e.toString());
        }
    }

    /** Relative path -> content of every file of {@code ps-scripts/<dir>/}, sorted by path. */
    static Map<String, byte[]> folderFiles(String dir) {
        return folderFiles(PsScripts.class.getClassLoader(), dir);
    }

    /** As {@link #folderFiles(String)}, from {@code loader}'s class path (a folder or a jar). */
    static Map<String, byte[]> folderFiles(ClassLoader loader, String dir) {
        String prefix = ROOT + dir + "/";
        URL url = loader.getResource(prefix);
        if (url == null) {
            // A jar without directory entries: find the jar through this class's own file.
            URL self = loader.getResource(PsScripts.class.getName().replace('.', '/') + ".class");
            if (self != null && "jar".equals(self.getProtocol())) {
                String spec = self.toString();
                try {
                    url = new URL(spec.substring(0, spec.indexOf("!/") + 2) + prefix);
                } catch (java.net.MalformedURLException e) {
                    url = null;
                }
            }
        }
        if (url == null) {
            throw new IllegalStateException("the PowerShell folder /" + prefix + " is not on the class path; "
                    + "the build must package ps-scripts/ as resources");
        }
        Map<String, byte[]> files = new TreeMap<>();
        try {
            if ("file".equals(url.getProtocol())) {
                Path base = Path.of(url.toURI());
                List<Path> paths = new ArrayList<>();
                try (Stream<Path> walk = Files.walk(base)) {
                    walk.filter(Files::isRegularFile).forEach(paths::add);
                }
                for (Path p : paths) {
                    files.put(base.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                }
            } else if ("jar".equals(url.getProtocol())) {
                String spec = url.getPath();
                Path jar = Path.of(new java.net.URI(spec.substring(0, spec.indexOf("!/"))));
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                        if (!e.isDirectory() && e.getName().startsWith(prefix)) {
                            try (InputStream in = zip.getInputStream(e)) {
                                files.put(e.getName().substring(prefix.length()), in.readAllBytes());
                            }
                        }
                    }
                }
            } else {
                throw new IllegalStateException("cannot list the PowerShell folder " + url + " (protocol " + url.getProtocol() + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the PowerShell folder " + url, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot read the PowerShell folder " + url, e);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("the PowerShell folder /" + prefix + " is empty in this build");
        }
        return files;
    }

    static String contentHash(Map<String, byte[]> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                sha.update(f.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Long.toString(f.getValue().length).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(f.getValue());
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String resource) {
        try (InputStream in = PsScripts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the PowerShell script /" + resource + " is not on the class path; "
                        + "the build must package ps-scripts/ as resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /" + resource, e);
        }
    }
}
