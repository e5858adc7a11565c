package dev.exobridge.pwsh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import dev.exobridge.testsupport.TestPwsh;

/**
 * Small real executables standing in for a broken pwsh, and a wrapper at a chosen path around
 * the real one ({@link TestPwsh}, the one way tests find pwsh).
 */
final class FakePwsh {
    private FakePwsh() {
    }

    /** The real pwsh ({@link TestPwsh#pwsh()}). */
    static Path real() {
        return TestPwsh.pwsh();
    }

    /** An executable {@code dir/name} shell script with {@code body}; creates {@code dir}. */
    static Path script(Path dir, String name, String body) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** {@code dir/pwsh}: a wrapper that execs the real pwsh, so the real one answers from that path. */
    static Path realAt(Path dir) throws IOException {
        return script(dir, "pwsh", "exec '" + real().toAbsolutePath() + "' \"$@\"");
    }

    /** {@code dir/pwsh} that prints {@code version} like pwsh would, and exits 0. */
    static Path fakeVersion(Path dir, String version) throws IOException {
        return script(dir, "pwsh", "echo " + version);
    }
}
