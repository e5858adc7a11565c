package dev.exobridge.setup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/** Builds test archives with Apache Commons Compress. */
final class Archives {
    private Archives() {
    }

    /**
     * Packs the folder {@code dir} into a {@code .tar.gz} with its contents at the archive's root
     * (entries named {@code ./...}, as PowerShell's release archives are), keeping permission
     * bits and symbolic links. Fast compression: the archive lives only for the test.
     */
    static void tarGz(Path dir, Path archive) throws IOException {
        GzipParameters gz = new GzipParameters();
        gz.setCompressionLevel(Deflater.BEST_SPEED);
        try (OutputStream file = Files.newOutputStream(archive);
             GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(file, gz);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip, 1 << 16)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            List<Path> paths;
            try (Stream<Path> s = Files.walk(dir)) {
                paths = s.sorted().toList();
            }
            for (Path p : paths) {
                if (p.equals(dir)) {
                    continue;
                }
                String name = "./" + dir.relativize(p).toString().replace('\\', '/');
                TarArchiveEntry e;
                if (Files.isSymbolicLink(p)) {
                    e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                    e.setLinkName(Files.readSymbolicLink(p).toString());
                } else if (Files.isDirectory(p)) {
                    e = new TarArchiveEntry(p.toFile(), name + "/");
                } else {
                    e = new TarArchiveEntry(p.toFile(), name);
                }
                if (!Files.isSymbolicLink(p)) {
                    e.setMode((Files.isDirectory(p) ? 040000 : 0100000) | mode(p));
                }
                tar.putArchiveEntry(e);
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(p, tar);
                }
                tar.closeArchiveEntry();
            }
        }
    }

    private static int mode(Path p) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        int m = 0;
        for (PosixFilePermission x : perms) {
            m |= switch (x) {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040;
                case GROUP_WRITE -> 020;
                case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04;
                case OTHERS_WRITE -> 02;
                case OTHERS_EXECUTE -> 01;
            };
        }
        return m;
    }
}
