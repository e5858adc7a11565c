package dev.exobridge.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.exobridge.pwsh.PwshEnvironment;
import dev.exobridge.pwsh.UserSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One home rule: {@code $HOME} first, as pwsh (whose modules land under it) and every CLI on Linux
 * take it. Before, pwsh install and the settings file followed Java's {@code user.home} (the
 * password database), so with {@code HOME=/tmp/x} files landed in two places.
 */
class FilesFollowHomeTest {
    @Test
    void pwshInstallAndTheSettingsFileFollowHomeNotJavasUserHome() {
        Map<String, String> vars = Map.of("HOME", "/tmp/x");
        Path home = PwshEnvironment.homeOf(vars, "Linux", "/root");
        assertThat(home).isEqualTo(Path.of("/tmp/x"));
        PwshEnvironment env = new PwshEnvironment(vars, "Linux", home);
        assertThat(UserSettings.defaultFile(env)).isEqualTo(Path.of("/tmp/x/.config/exo-bridge/settings.properties"));
        assertThat(PwshInstaller.defaultInstallRoot(env)).isEqualTo(Path.of("/tmp/x/.local/share/exo-bridge/pwsh"));
        assertThat(PwshInstaller.builder().environment(env).build().settingsFile())
                .isEqualTo(Path.of("/tmp/x/.config/exo-bridge/settings.properties"));
    }

    @Test
    void userHomeIsTheFallbackForAMissingOrRelativeHomeAndOnWindows() {
        assertThat(PwshEnvironment.homeOf(Map.of(), "Linux", "/root")).isEqualTo(Path.of("/root"));
        assertThat(PwshEnvironment.homeOf(Map.of("HOME", "relative/dir"), "Linux", "/root")).isEqualTo(Path.of("/root"));
        assertThat(PwshEnvironment.homeOf(Map.of("HOME", "/tmp/x"), "Mac OS X", "/Users/a")).isEqualTo(Path.of("/tmp/x"));
        assertThat(PwshEnvironment.homeOf(Map.of("HOME", "/c/msys"), "Windows 11", "C:\\Users\\a"))
                .isEqualTo(Path.of("C:\\Users\\a"));
    }

    @Test
    void theSystemEnvironmentTakesHomeFromTheEnvironment() {
        String home = System.getenv("HOME");
        if (home != null && Path.of(home).isAbsolute() && !System.getProperty("os.name").startsWith("Windows")) {
            assertThat(PwshEnvironment.system().userHome()).isEqualTo(Path.of(home));
        } else {
            assertThat(PwshEnvironment.system().userHome()).isEqualTo(Path.of(System.getProperty("user.home")));
        }
    }
}
