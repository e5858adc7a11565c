package dev.exobridge.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a command as another user ({@code nobody}, uid and gid 65534) through {@code setpriv}, for
 * the cases root cannot show: tests run as root, who reads and writes anything, so an unreadable
 * file or a read-only HOME only bites another user. Gives that user what it needs to run our code:
 * a pwsh it can reach ({@link #pwsh()}), a class path it can read ({@link #classPath(Path)}) and
 * folders it owns ({@link #ownedFolder(Path)}).
 */
public final class OtherUser {
    /** The user id and group id commands run as. */
    public static final int ID = 65534;

    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static final Path SHARED = Path.of("target", "other-user").toAbsolutePath();
    private static Path pwsh;

    private OtherUser() {
    }

    /** {@code argv} run as the other user with no supplementary groups. */
    public static List<String> command(List<String> argv) {
        assertThat(SETPRIV).as("setpriv (util-linux) runs commands as another user in these tests").isExecutable();
        List<String> cmd = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=" + ID, "--regid=" + ID, "--clear-groups"));
        cmd.addAll(argv);
        return cmd;
    }

    /** {@code argv} run as the other user. */
    public static List<String> command(String... argv) {
        return command(List.of(argv));
    }

    /**
     * The test pwsh ({@link TestPwsh#pwsh()}) at a path the other user can reach: its own when
     * every folder above it lets others in, else a hard-linked (or copied) twin under
     * {@code target/other-user}, made once per test JVM.
     */
    public static synchronized Path pwsh() {
        if (pwsh == null) {
            try {
                Path real = TestPwsh.pwsh().toRealPath();
                Path install = real.getParent();
                if (othersCanReach(install)) {
                    pwsh = real;
                } else {
                    Path twin = SHARED.resolve(install.getFileName());
                    if (!Files.isExecutable(twin.resolve(real.getFileName()))) {
                        linkTree(install, twin);
                    }
                    pwsh = twin.resolve(real.getFileName());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pwsh;
    }

    /**
     * This JVM's class path as one the other user can read: jars copied into {@code dir/lib}
     * (the local Maven repository sits under root's home), class folders as they are (the build
     * tree is world-readable).
     */
    public static String classPath(Path dir) throws IOException {
        openToOthers(dir);
        Path lib = Files.createDirectories(dir.resolve("lib"));
        openToOthers(lib);
        List<String> cp = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (Files.isRegularFile(p) && entry.endsWith(".jar")) {
                Path copy = lib.resolve((i++) + "-" + p.getFileName());
                Files.copy(p, copy, StandardCopyOption.REPLACE_EXISTING);
                cp.add(copy.toString());
            } else if (Files.isDirectory(p)) {
                cp.add(p.toString());
            }
        }
        return String.join(File.pathSeparator, cp);
    }

    /** Creates {@code dir} (and opens the folders above it to others) owned by the other user. */
    public static Path ownedFolder(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        for (Path p = dir.toAbsolutePath().getParent(); p != null && !othersCanEnter(p); p = p.getParent()) {
            openToOthers(p);
        }
        Process chown = new ProcessBuilder("chown", "-R", ID + ":" + ID, dir.toString()).inheritIO().start();
        assertThat(chown.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(chown.exitValue()).as("chown %s", dir).isZero();
        return dir;
    }

    /** Lets others list and enter {@code dir} (rwxr-xr-x). */
    public static void openToOthers(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static boolean othersCanReach(Path dir) throws IOException {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (!othersCanEnter(p)) {
                return false;
            }
        }
        return true;
    }

    private static boolean othersCanEnter(Path dir) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
            return perms.contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (IOException e) {
            return false;
        }
    }

    /** Hard links every file of {@code from} into {@code to} (a copy where links fail), atomically. */
    private static void linkTree(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Path tmp = Files.createTempDirectory(to.getParent(), ".link");
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path src : (Iterable<Path>) walk::iterator) {
                Path dst = tmp.resolve(from.relativize(src).toString());
                if (Files.isSymbolicLink(src)) {
                    Files.createSymbolicLink(dst, Files.readSymbolicLink(src));
                } else if (Files.isDirectory(src)) {
                    Files.createDirectories(dst);
                    Files.setPosixFilePermissions(dst, Files.getPosixFilePermissions(src));
                } else {
                    try {
                        Files.createLink(dst, src);
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
        openToOthers(tmp);
        openToOthers(to.getParent());
        try {
            Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isDirectory(to)) {
                throw e;
            }
            deleteTree(tmp); // another test JVM made the twin first: use that one
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
