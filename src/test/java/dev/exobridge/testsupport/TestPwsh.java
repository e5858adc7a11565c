package dev.exobridge.testsupport;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The pwsh that tests run: the path in the environment variable {@value #ENV}. When it is unset
 * the test fails on CI ({@code CI=true}) and is skipped elsewhere; locally set it with
 * {@code export EXOBRIDGE_PWSH=$(/work/shared/pwsh/install.sh)}.
 */
public final class TestPwsh {
    /** The environment variable holding the path of pwsh. */
    public static final String ENV = "EXOBRIDGE_PWSH";

    private TestPwsh() {
    }

    /** The path of pwsh; fails (CI) or skips (elsewhere) the calling test when it is not set. */
    public static Path pwsh() {
        String value = System.getenv(ENV);
        if (value == null || value.isBlank()) {
            String message = ENV + " is not set; set it with: export " + ENV + "=$(/work/shared/pwsh/install.sh)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
        Path path = Path.of(value);
        if (!Files.isExecutable(path)) {
            fail(ENV + "=" + value + " is not an executable file");
        }
        return path;
    }
}
