package dev.exobridge.pwsh;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real pwsh for tests, and small real executables standing in for a broken one.
 * Tests get pwsh only through EXOBRIDGE_PWSH; with CI=true a missing one fails, never skips.
 */
final class TestPwsh {
    private TestPwsh() {
    }

    /** The real pwsh named by EXOBRIDGE_PWSH; skips the test locally, fails it in CI. */
    static Path real() {
        String value = System.getenv("EXOBRIDGE_PWSH");
        if (value == null || value.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("EXOBRIDGE_PWSH is not set and CI=true: tests that need a real pwsh must run in CI. "
                        + "Set EXOBRIDGE_PWSH=$(../shared/pwsh/install.sh)");
            }
            Assumptions.abort("EXOBRIDGE_PWSH is not set: this test needs a real pwsh");
        }
        return Path.of(value);
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
