package dev.exobridge.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking keeps links and permission bits, and refuses entries that would escape the target folder. */
class ArchiveUnpackerTest {
    @TempDir
    Path dir;

    @Test
    void tarGzKeepsSymbolicLinksHardLinksAndExecutableBits() throws IOException {
        Path tgz = dir.resolve("a.tar.gz");
        try (TarArchiveOutputStream tar = tar(tgz)) {
            dirEntry(tar, "./app/", 0755);
            file(tar, "./app/tool", 0755, "#!/bin/sh\necho tool\n");
            file(tar, "./app/notes.txt", 0644, "notes");
            link(tar, "./pwsh", TarArchiveEntry.LF_SYMLINK, "app/tool");
            link(tar, "./app/tool-again", TarArchiveEntry.LF_LINK, "./app/tool");
        }
        Path out = Files.createDirectory(dir.resolve("out"));
        ArchiveUnpacker.unpack(tgz, out);
        assertThat(Files.isSymbolicLink(out.resolve("pwsh"))).isTrue();
        assertThat(Files.readSymbolicLink(out.resolve("pwsh"))).isEqualTo(Path.of("app/tool"));
        assertThat(Files.getPosixFilePermissions(out.resolve("app/tool"))).isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Files.getPosixFilePermissions(out.resolve("app/notes.txt"))).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(out.resolve("pwsh")).isExecutable();
        assertThat(Files.isSameFile(out.resolve("app/tool-again"), out.resolve("app/tool"))).isTrue();
    }

    @Test
    void zipKeepsUnixModesAndSymbolicLinks() throws IOException {
        Path zip = dir.resolve("a.zip");
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(zip)) {
            ZipArchiveEntry exe = new ZipArchiveEntry("pwsh");
            exe.setUnixMode(0100755);
            z.putArchiveEntry(exe);
            z.write("#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
            z.closeArchiveEntry();
            ZipArchiveEntry ln = new ZipArchiveEntry("pwsh-link");
            ln.setUnixMode(0120777);
            z.putArchiveEntry(ln);
            z.write("pwsh".getBytes(StandardCharsets.UTF_8));
            z.closeArchiveEntry();
        }
        assertThat(ArchiveUnpacker.detect(zip)).isEqualTo(ArchiveUnpacker.Format.ZIP);
        Path out = Files.createDirectory(dir.resolve("out"));
        ArchiveUnpacker.unpack(zip, out);
        assertThat(out.resolve("pwsh")).isExecutable();
        assertThat(Files.readSymbolicLink(out.resolve("pwsh-link"))).isEqualTo(Path.of("pwsh"));
    }

    @Test
    void entriesThatWouldEscapeAreRefused() throws IOException {
        Path traversal = dir.resolve("t.tar.gz");
        try (TarArchiveOutputStream tar = tar(traversal)) {
            file(tar, "../evil", 0644, "x");
        }
        Path out = Files.createDirectory(dir.resolve("out"));
        assertThatThrownBy(() -> ArchiveUnpacker.unpack(traversal, out)).hasMessageContaining("'../evil' points outside");
        assertThat(dir.resolve("evil")).doesNotExist();

        Path outward = dir.resolve("l.tar.gz");
        try (TarArchiveOutputStream tar = tar(outward)) {
            link(tar, "./pwsh", TarArchiveEntry.LF_SYMLINK, "/usr/bin/env");
        }
        Path out2 = Files.createDirectory(dir.resolve("out2"));
        assertThatThrownBy(() -> ArchiveUnpacker.unpack(outward, out2)).hasMessageContaining("points outside the archive");
    }

    @Test
    void tarXzIsUnpackedLikeTarGz() throws IOException {
        // The format of pwsh's own bundles too: it was refused as "neither a .tar.gz nor a .zip".
        Path txz = dir.resolve("a.tar.xz");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
                new XZCompressorOutputStream(Files.newOutputStream(txz)))) {
            dirEntry(tar, "./app/", 0755);
            file(tar, "./app/tool", 0755, "#!/bin/sh\necho tool\n");
            link(tar, "./pwsh", TarArchiveEntry.LF_SYMLINK, "app/tool");
        }
        assertThat(ArchiveUnpacker.detect(txz)).isEqualTo(ArchiveUnpacker.Format.TAR_XZ);
        Path out = Files.createDirectory(dir.resolve("out-xz"));
        ArchiveUnpacker.unpack(txz, out);
        assertThat(Files.readString(out.resolve("app/tool"))).isEqualTo("#!/bin/sh\necho tool\n");
        assertThat(Files.getPosixFilePermissions(out.resolve("app/tool"))).isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Files.readSymbolicLink(out.resolve("pwsh"))).isEqualTo(Path.of("app/tool"));
    }

    @Test
    void somethingElseIsNotAnArchive() throws IOException {
        Path text = Files.writeString(dir.resolve("PowerShell.tar.gz"), "<html>not found</html>");
        assertThatThrownBy(() -> ArchiveUnpacker.detect(text)).hasMessageContaining("not a .tar.gz, .tar.xz or .zip");
    }

    private static TarArchiveOutputStream tar(Path file) throws IOException {
        OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(file));
        return new TarArchiveOutputStream(out);
    }

    private static void dirEntry(TarArchiveOutputStream tar, String name, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(040000 | mode);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, int mode, String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setMode(0100000 | mode);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static void link(TarArchiveOutputStream tar, String name, byte type, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }
}
