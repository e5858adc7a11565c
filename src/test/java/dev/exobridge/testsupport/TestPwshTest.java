package dev.exobridge.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.exobridge.pwsh.PwshEnvironment;
import dev.exobridge.pwsh.PwshLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests find pwsh as the product does, and fail (never skip) with one message saying how to get one. */
class TestPwshTest {
    @Test
    void findsPwshOnPathWithoutExobridgePwsh(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path wrapper = bin.resolve("pwsh");
        Files.writeString(wrapper, "#!/bin/sh\nexec '" + TestPwsh.pwsh() + "' \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        PwshEnvironment env = new PwshEnvironment(Map.of("PATH", bin.toString(), "EXOBRIDGE_CACHE_HOME", "off",
                "EXOBRIDGE_CONFIG_HOME", dir.resolve("config").toString()), "Linux", dir.resolve("home"));
        assertThat(TestPwsh.find(PwshLocator.builder().environment(env).standardLocations(List.of())))
                .isEqualTo(wrapper);
    }

    @Test
    void noPwshFailsWithOneMessageNamingTheInstallScriptRelativeToTheCheckout(@TempDir Path dir) {
        PwshEnvironment env = new PwshEnvironment(Map.of("EXOBRIDGE_CACHE_HOME", "off",
                "EXOBRIDGE_CONFIG_HOME", dir.resolve("config").toString()), "Linux", dir.resolve("home"));
        AssertionError e = catchThrowableOfType(AssertionError.class,
                () -> TestPwsh.find(PwshLocator.builder().environment(env).standardLocations(List.of())));
        assertThat(e.getMessage()).contains("none was found").contains("PATH: not set or empty")
                .contains("export EXOBRIDGE_PWSH=$(../shared/pwsh/install.sh)").doesNotContain("/work/");
    }
}
