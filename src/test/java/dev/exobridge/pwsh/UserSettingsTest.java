package dev.exobridge.pwsh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserSettingsTest {
    @TempDir
    Path tmp;

    private PwshEnvironment env(String os, Map<String, String> vars) {
        return new PwshEnvironment(vars, os, tmp.resolve("home"));
    }

    @Test
    void defaultFileFollowsTheDocumentedOrder() {
        Path home = tmp.resolve("home");
        assertThat(UserSettings.defaultFile(env("Linux", Map.of("EXOBRIDGE_CONFIG_HOME", "/cfg", "XDG_CONFIG_HOME", "/xdg"))))
                .isEqualTo(Path.of("/cfg/settings.properties"));
        assertThat(UserSettings.defaultFile(env("Windows 11", Map.of("EXOBRIDGE_CONFIG_HOME", "/cfg"))))
                .isEqualTo(Path.of("/cfg/settings.properties"));
        assertThat(UserSettings.defaultFile(env("Windows 11", Map.of("AppData", "/roaming"))))
                .isEqualTo(Path.of("/roaming").resolve("exo-bridge").resolve("settings.properties"));
        assertThat(UserSettings.defaultFile(env("Windows 11", Map.of())))
                .isEqualTo(home.resolve("AppData").resolve("Roaming").resolve("exo-bridge").resolve("settings.properties"));
        assertThat(UserSettings.defaultFile(env("Linux", Map.of("XDG_CONFIG_HOME", "/xdg"))))
                .isEqualTo(Path.of("/xdg/exo-bridge/settings.properties"));
        // The XDG spec: a relative XDG_CONFIG_HOME is invalid and ignored.
        assertThat(UserSettings.defaultFile(env("Linux", Map.of("XDG_CONFIG_HOME", "relative"))))
                .isEqualTo(home.resolve(".config/exo-bridge/settings.properties"));
        assertThat(UserSettings.defaultFile(env("Mac OS X", Map.of())))
                .isEqualTo(home.resolve(".config/exo-bridge/settings.properties"));
    }

    @Test
    void missingFileMeansNoSettings() {
        UserSettings settings = UserSettings.load(tmp.resolve("nothing/settings.properties"));
        assertThat(settings.installedPwsh()).isEmpty();
    }

    @Test
    void roundTripKeepsOtherKeysAndLeavesNoTemporaryFile() throws IOException {
        Path file = tmp.resolve("cfg/exo-bridge/settings.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "other.key=kept\n");
        Path pwsh = tmp.resolve("installed dir/pwsh");

        UserSettings.load(file).withInstalledPwsh(pwsh).save();

        UserSettings reloaded = UserSettings.load(file);
        assertThat(reloaded.installedPwsh()).contains(pwsh);
        assertThat(Files.readString(file)).contains("other.key=kept");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }

        reloaded.withoutInstalledPwsh().save();
        assertThat(UserSettings.load(file).installedPwsh()).isEmpty();
        assertThat(Files.readString(file)).contains("other.key=kept");
    }

    @Test
    void saveCreatesTheDirectoryAndViaEnvironment() {
        PwshEnvironment environment = env("Linux", Map.of("EXOBRIDGE_CONFIG_HOME", tmp.resolve("new/dir").toString()));
        Path pwsh = tmp.resolve("p/pwsh");
        UserSettings.load(environment).withInstalledPwsh(pwsh).save();
        assertThat(Files.isRegularFile(tmp.resolve("new/dir/settings.properties"))).isTrue();
        assertThat(UserSettings.load(environment).installedPwsh()).contains(pwsh);
    }

    @Test
    void backslashesSurviveTheRoundTrip() throws IOException {
        // A Windows path: backslash is the properties escape character, so save() must escape it.
        Path file = tmp.resolve("settings.properties");
        Path windowsLike = Path.of("C:\\Program Files\\PowerShell\\7\\pwsh.exe");
        UserSettings.load(file).withInstalledPwsh(windowsLike).save();
        assertThat(UserSettings.load(file).installedPwsh().orElseThrow().toString())
                .endsWith("C:\\Program Files\\PowerShell\\7\\pwsh.exe");
        assertThat(Files.readString(file)).contains("\\\\Program Files");
    }

    @Test
    void blankValueCountsAsUnset() throws IOException {
        Path file = tmp.resolve("settings.properties");
        Files.writeString(file, "pwsh.path=   \n");
        assertThat(UserSettings.load(file).installedPwsh()).isEmpty();
    }

    @Test
    void malformedEscapeNamesTheFile() throws IOException {
        Path file = tmp.resolve("settings.properties");
        Files.writeString(file, "pwsh.path=\\u12zz\n");
        assertThatThrownBy(() -> UserSettings.load(file))
                .isInstanceOf(UserSettingsException.class)
                .isInstanceOf(PwshPrerequisiteException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("malformed")
                .satisfies(e -> assertThat(((UserSettingsException) e).file()).isEqualTo(file));
    }

    @Test
    void notUtf8NamesTheFile() throws IOException {
        Path file = tmp.resolve("settings.properties");
        Files.write(file, "pwsh.path=/opt/caf\u00e9/pwsh\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> UserSettings.load(file))
                .isInstanceOf(UserSettingsException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void valueThatIsNotAPathNamesTheFile() throws IOException {
        Path file = tmp.resolve("settings.properties");
        Files.writeString(file, "pwsh.path=/opt/bad\\u0000name\n");
        assertThatThrownBy(() -> UserSettings.load(file))
                .isInstanceOf(UserSettingsException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("pwsh.path is not a path");
    }
}
