package dev.exobridge.setup;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Unpacks a {@code .tar.gz}, {@code .tar.xz} or {@code .zip} (recognised by its first bytes, not its name) with
 * Apache Commons Compress, keeping symbolic links, hard links and Unix permission bits (the
 * executable bit of {@code pwsh} above all) where the file system has them. Entries that would
 * land outside the target folder ({@code ../x}, absolute names, links pointing out) are refused.
 */
final class ArchiveUnpacker {
    /** The archive formats read. */
    enum Format { TAR_GZ, TAR_XZ, ZIP }

    private ArchiveUnpacker() {
    }

    /**
     * The archive's format.
     *
     * @throws IOException when it is neither gzip nor zip
     */
    static Format detect(Path archive) throws IOException {
        byte[] head = new byte[6];
        int n;
        try (InputStream in = Files.newInputStream(archive)) {
            n = in.readNBytes(head, 0, 6);
        }
        if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return Format.TAR_GZ;
        }
        if (n == 6 && (head[0] & 0xff) == 0xFD && head[1] == '7' && head[2] == 'z' && head[3] == 'X' && head[4] == 'Z'
                && head[5] == 0) {
            return Format.TAR_XZ;
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5) && (head[3] == 4 || head[3] == 6)) {
            return Format.ZIP;
        }
        throw new IOException(archive.getFileName() + " is not a .tar.gz, .tar.xz or .zip archive");
    }

    /** Unpacks {@code archive} into the existing, empty folder {@code dest}. */
    static void unpack(Path archive, Path dest) throws IOException {
        Path root = dest.toAbsolutePath().normalize();
        boolean posix = Files.getFileStore(root).supportsFileAttributeView(PosixFileAttributeView.class);
        Map<Path, Integer> dirModes = new LinkedHashMap<>();
        Format format = detect(archive);
        switch (format) {
            case TAR_GZ, TAR_XZ -> unpackTar(archive, format, root, posix, dirModes);
            case ZIP -> unpackZip(archive, root, posix, dirModes);
        }
        // Folders last and deepest first: a read-only folder must not stop the files inside it.
        List<Path> dirs = new ArrayList<>(dirModes.keySet());
        Collections.reverse(dirs);
        for (Path d : dirs) {
            setMode(d, dirModes.get(d), posix);
        }
    }

    private static void unpackTar(Path archive, Format format, Path root, boolean posix, Map<Path, Integer> dirModes)
            throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
             InputStream unpacked = format == Format.TAR_XZ
                     ? XZCompressorInputStream.builder().setInputStream(file).setDecompressConcatenated(true).get()
                     : GzipCompressorInputStream.builder().setInputStream(file).setDecompressConcatenated(true).get();
             TarArchiveInputStream tar = new TarArchiveInputStream(unpacked)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path p = inside(root, e.getName());
                if (p == null) {
                    continue; // the archive's root itself ("./")
                }
                if (e.isDirectory()) {
                    Files.createDirectories(p);
                    dirModes.put(p, e.getMode());
                } else if (e.isSymbolicLink()) {
                    symlink(root, p, e.getLinkName());
                } else if (e.isLink()) {
                    Path target = inside(root, e.getLinkName());
                    if (target == null || !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw new IOException("the hard link " + e.getName() + " points to " + e.getLinkName()
                                + ", which is not in the archive before it");
                    }
                    prepare(p);
                    Files.createLink(p, target);
                } else if (e.isFile()) {
                    prepare(p);
                    Files.copy(tar, p, StandardCopyOption.REPLACE_EXISTING);
                    setMode(p, e.getMode(), posix);
                }
                // Devices, FIFOs and the like have no place in a PowerShell archive: skipped.
            }
        }
    }

    private static void unpackZip(Path archive, Path root, boolean posix, Map<Path, Integer> dirModes) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            Enumeration<ZipArchiveEntry> entries = zip.getEntries();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry e = entries.nextElement();
                Path p = inside(root, e.getName());
                if (p == null) {
                    continue;
                }
                int mode = e.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? e.getUnixMode() : 0;
                if (e.isDirectory()) {
                    Files.createDirectories(p);
                    dirModes.put(p, mode);
                } else if (e.isUnixSymlink()) {
                    symlink(root, p, zip.getUnixSymlink(e));
                } else {
                    prepare(p);
                    try (InputStream in = zip.getInputStream(e)) {
                        Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
                    }
                    setMode(p, mode, posix);
                }
            }
        }
    }

    /** The path of an entry inside {@code root}; {@code null} for the root itself. */
    static Path inside(Path root, String name) throws IOException {
        String n = name.replace('\\', '/');
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        if (n.isEmpty() || n.equals(".")) {
            return null;
        }
        if (n.startsWith("/") || n.matches("^[A-Za-z]:.*")) {
            throw new IOException("the archive entry '" + name + "' has an absolute path; refusing to unpack it");
        }
        Path p = root.resolve(n).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw new IOException("the archive entry '" + name + "' points outside the folder it is unpacked into; refusing it");
        }
        return p;
    }

    private static void symlink(Path root, Path link, String target) throws IOException {
        if (target == null || target.isEmpty()) {
            throw new IOException("the symbolic link " + root.relativize(link) + " in the archive has no target");
        }
        Path t = Path.of(target);
        if (t.isAbsolute() || !link.getParent().resolve(t).normalize().startsWith(root)) {
            throw new IOException("the symbolic link " + root.relativize(link) + " points outside the archive (" + target
                    + "); refusing it");
        }
        prepare(link);
        try {
            Files.createSymbolicLink(link, t);
        } catch (UnsupportedOperationException | FileSystemException e) {
            throw new IOException("cannot create the symbolic link " + link + " -> " + target + ": " + e.getMessage(), e);
        }
    }

    /** Makes the parent folder and removes an earlier entry of the same name (archives may repeat one). */
    private static void prepare(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        Files.deleteIfExists(p);
    }

    private static void setMode(Path p, int mode, boolean posix) throws IOException {
        if (!posix || (mode & 0777) == 0) {
            return;
        }
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                perms.add(order[i]);
            }
        }
        // The owner keeps write access, so a later update or removal of the install can proceed.
        perms.add(PosixFilePermission.OWNER_WRITE);
        perms.add(PosixFilePermission.OWNER_READ);
        Files.setPosixFilePermissions(p, perms);
    }
}
