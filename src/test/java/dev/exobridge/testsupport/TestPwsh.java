package dev.exobridge.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import dev.exobridge.pwsh.PwshEnvironment;
import dev.exobridge.pwsh.PwshLocator;
import java.nio.file.Path;

/**
 * The one pwsh every test runs, found the way the product finds it ({@link PwshLocator}):
 * {@code EXOBRIDGE_PWSH}, else the pwsh {@code exo-bridge pwsh install} recorded, else PATH, else
 * the standard install locations. Found once per test JVM (the version cache stays off, so the
 * real home's cache is not written). No pwsh fails the test, never skips it, with one message
 * that says how to get one ({@link #HINT}).
 */
public final class TestPwsh {
    /** The environment variable that names the pwsh, as for the product. */
    public static final String ENV = PwshLocator.ENV_PWSH;

    /** How to get a pwsh, relative to the checkout so it reads right on every machine. */
    public static final String HINT = "From the checkout, get one with: export " + ENV
            + "=$(../shared/pwsh/install.sh) (this project's machines have it), or install PowerShell 7 "
            + "(https://learn.microsoft.com/powershell/scripting/install/installing-powershell) and put pwsh on PATH.";

    private static Path found;
    private static String failure;

    private TestPwsh() {
    }

    /** The path of pwsh; fails the calling test (never skips it) when none is found. */
    public static synchronized Path pwsh() {
        if (found == null && failure == null) {
            try {
                found = find(PwshLocator.builder().environment(PwshEnvironment.system()
                        .withVariable("EXOBRIDGE_CACHE_HOME", "off")));
            } catch (AssertionError e) {
                failure = e.getMessage();
            }
        }
        if (failure != null) {
            fail(failure);
        }
        return found;
    }

    /**
     * The pwsh {@code discovery} finds.
     *
     * @throws AssertionError naming why none was found and {@link #HINT}
     */
    static Path find(PwshLocator.Builder discovery) {
        try {
            return discovery.build().locate().executable();
        } catch (RuntimeException e) {
            throw new AssertionError("The tests run a real pwsh and none was found: " + e.getMessage() + "\n" + HINT, e);
        }
    }
}
