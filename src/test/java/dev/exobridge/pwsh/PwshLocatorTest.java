package dev.exobridge.pwsh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery against real files and real processes: wrappers that exec the real pwsh, and small
 * scripts standing in for a broken or old one. The environment is injected, so the machine's
 * own PATH and settings play no part.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "uses sh scripts as executables")
class PwshLocatorTest {
    @TempDir
    Path tmp;

    Path home;
    Path configHome;
    Map<String, String> vars;

    @BeforeEach
    void setUp() throws IOException {
        home = Files.createDirectories(tmp.resolve("home"));
        configHome = tmp.resolve("config");
        vars = new HashMap<>();
        vars.put("EXOBRIDGE_CONFIG_HOME", configHome.toString());
        vars.put("PATH", tmp.resolve("empty-path-dir").toString());
    }

    private PwshEnvironment env() {
        return new PwshEnvironment(vars, "Linux", home);
    }

    /** The defaults for Linux, less the system-wide ones: the machine's own pwsh must not interfere. */
    private List<Path> homeStandardLocations() {
        return PwshLocator.defaultStandardLocations(env()).stream().filter(p -> p.startsWith(home)).toList();
    }

    private PwshLocator.Builder locator() {
        return PwshLocator.builder().environment(env()).standardLocations(homeStandardLocations());
    }

    /** A real pwsh in every discovery place, so each test removes the ones that should not win. */
    private Map<String, Path> realPwshEverywhere() throws IOException {
        Path explicit = FakePwsh.realAt(tmp.resolve("explicit"));
        Path fromEnv = FakePwsh.realAt(tmp.resolve("env"));
        Path fromSettings = FakePwsh.realAt(tmp.resolve("installed"));
        Path onPath = FakePwsh.realAt(tmp.resolve("bin"));
        Path dotnetTool = FakePwsh.realAt(home.resolve(".dotnet/tools"));
        vars.put("EXOBRIDGE_PWSH", fromEnv.toString());
        UserSettings.load(env()).withInstalledPwsh(fromSettings).save();
        vars.put("PATH", tmp.resolve("no-such-dir") + ":" + onPath.getParent());
        return Map.of("explicit", explicit, "env", fromEnv, "settings", fromSettings, "path", onPath,
                "standard", dotnetTool);
    }

    @Test
    void explicitWinsOverEverything() throws IOException {
        Map<String, Path> p = realPwshEverywhere();
        PwshInstallation found = locator().explicit(p.get("explicit")).build().locate();
        assertThat(found.executable()).isEqualTo(p.get("explicit"));
        assertThat(found.source()).isEqualTo(PwshLocator.SOURCE_EXPLICIT);
        assertThat(found.version().isAtLeast(PwshVersion.of(7, 2, 0))).isTrue();
    }

    @Test
    void environmentVariableWinsWithoutExplicit() throws IOException {
        Map<String, Path> p = realPwshEverywhere();
        PwshInstallation found = locator().build().locate();
        assertThat(found.executable()).isEqualTo(p.get("env"));
        assertThat(found.source()).isEqualTo(PwshLocator.SOURCE_ENV);
    }

    @Test
    void settingsWinWithoutEnvironmentVariable() throws IOException {
        Map<String, Path> p = realPwshEverywhere();
        vars.remove("EXOBRIDGE_PWSH");
        PwshInstallation found = locator().build().locate();
        assertThat(found.executable()).isEqualTo(p.get("settings"));
        assertThat(found.source()).isEqualTo(PwshLocator.SOURCE_SETTINGS);
    }

    @Test
    void pathWinsWithoutSettings() throws IOException {
        Map<String, Path> p = realPwshEverywhere();
        vars.remove("EXOBRIDGE_PWSH");
        Files.delete(UserSettings.defaultFile(env()));
        PwshInstallation found = locator().build().locate();
        assertThat(found.executable()).isEqualTo(p.get("path"));
        assertThat(found.source()).isEqualTo(PwshLocator.SOURCE_PATH);
    }

    @Test
    void standardLocationWhenNothingElse() throws IOException {
        Map<String, Path> p = realPwshEverywhere();
        vars.remove("EXOBRIDGE_PWSH");
        Files.delete(UserSettings.defaultFile(env()));
        vars.put("PATH", tmp.resolve("no-such-dir").toString());
        PwshInstallation found = locator().build().locate();
        assertThat(found.executable()).isEqualTo(p.get("standard"));
        assertThat(found.source()).isEqualTo(PwshLocator.SOURCE_STANDARD);
    }

    @Test
    void settingsPointingAtARemovedPwshFallThrough() throws IOException {
        Map<String, Path> p = realPwshEverywhere();
        vars.remove("EXOBRIDGE_PWSH");
        Files.delete(p.get("settings"));
        PwshInstallation found = locator().build().locate();
        assertThat(found.source()).isEqualTo(PwshLocator.SOURCE_PATH);
    }

    @Test
    void missingExplicitIsAnErrorNotAFallThrough() throws IOException {
        realPwshEverywhere();
        Path missing = tmp.resolve("nowhere/pwsh");
        assertThatThrownBy(() -> locator().explicit(missing).build().locate())
                .isInstanceOf(PwshNotFoundException.class)
                .hasMessageContaining("explicit pwsh path")
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void nonExecutableExplicitIsAnError() throws IOException {
        Path notExecutable = Files.writeString(Files.createDirectories(tmp.resolve("x")).resolve("pwsh"), "echo 7.6.0");
        assertThatThrownBy(() -> locator().explicit(notExecutable).build().locate())
                .isInstanceOf(PwshNotFoundException.class)
                .hasMessageContaining("explicit pwsh path")
                .hasMessageContaining("not executable");
    }

    @Test
    void badEnvironmentVariableIsAnErrorNamingIt() throws IOException {
        realPwshEverywhere();
        Path missing = tmp.resolve("gone/pwsh");
        vars.put("EXOBRIDGE_PWSH", missing.toString());
        assertThatThrownBy(() -> locator().build().locate())
                .isInstanceOf(PwshNotFoundException.class)
                .hasMessageContaining("EXOBRIDGE_PWSH")
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist")
                .hasMessageContaining("Fix or unset EXOBRIDGE_PWSH");
        vars.put("EXOBRIDGE_PWSH", tmp.toString());
        assertThatThrownBy(() -> locator().build().locate())
                .isInstanceOf(PwshNotFoundException.class)
                .hasMessageContaining("EXOBRIDGE_PWSH")
                .hasMessageContaining("is a directory");
    }

    @Test
    void noneFoundListsEveryPlaceInOrder() throws IOException {
        Path dirA = Files.createDirectories(tmp.resolve("a"));
        Path dirB = tmp.resolve("b");
        vars.put("PATH", dirA + ":" + dirB);
        Path std1 = tmp.resolve("std1/pwsh");
        Path std2 = Files.createDirectories(tmp.resolve("std2/pwsh")); // a directory named pwsh
        PwshLocator locator = PwshLocator.builder().environment(env()).standardLocations(List.of(std1, std2)).build();

        assertThatThrownBy(locator::locate)
                .isInstanceOfSatisfying(PwshNotFoundException.class, e -> {
                    assertThat(e.placesLooked()).containsExactly(
                            "explicit pwsh path: not given",
                            "environment variable EXOBRIDGE_PWSH: not set",
                            "settings file " + configHome.resolve("settings.properties") + ": does not exist",
                            "PATH " + dirA.resolve("pwsh") + ": does not exist",
                            "PATH " + dirB.resolve("pwsh") + ": does not exist",
                            "standard location " + std1 + ": does not exist",
                            "standard location " + std2 + ": is a directory");
                    assertThat(e.getMessage()).contains("No usable PowerShell 7.2.0 or newer");
                    e.placesLooked().forEach(place -> assertThat(e.getMessage()).contains(place));
                });
    }

    @Test
    void tooOldIsRefusedNamingVersionPathAndMinimum() throws IOException {
        Path old = FakePwsh.fakeVersion(tmp.resolve("old"), "7.1.0");
        vars.put("PATH", old.getParent().toString());
        assertThatThrownBy(() -> locator().build().locate())
                .isInstanceOfSatisfying(PwshTooOldException.class, e -> {
                    assertThat(e.found()).isEqualTo(PwshVersion.of(7, 1, 0));
                    assertThat(e.executable()).isEqualTo(old);
                    assertThat(e.minimum()).isEqualTo(PwshVersion.of(7, 2, 0));
                    assertThat(e.getMessage()).contains("7.1.0", old.toString(), "7.2.0");
                    assertThat(e.placesLooked()).contains("PATH " + old + ": version 7.1.0 is below the minimum 7.2.0");
                });
    }

    @Test
    void tooOldExplicitIsRefusedAtOnce() throws IOException {
        Path old = FakePwsh.fakeVersion(tmp.resolve("old"), "7.0.3");
        Path good = FakePwsh.realAt(tmp.resolve("bin"));
        vars.put("PATH", good.getParent().toString());
        assertThatThrownBy(() -> locator().explicit(old).build().locate())
                .isInstanceOf(PwshTooOldException.class)
                .hasMessageContaining("PowerShell 7.0.3 at " + old + " is too old: exo-bridge needs 7.2.0");
    }

    @Test
    void tooOldOnPathIsSkippedForANewerOneLater() throws IOException {
        Path old = FakePwsh.fakeVersion(tmp.resolve("old"), "7.1.0");
        Path good = FakePwsh.realAt(tmp.resolve("bin"));
        vars.put("PATH", old.getParent() + ":" + good.getParent());
        PwshInstallation found = locator().build().locate();
        assertThat(found.executable()).isEqualTo(good);
    }

    @Test
    void minimumIsConfigurable() throws IOException {
        Path real = FakePwsh.realAt(tmp.resolve("bin"));
        PwshVersion future = PwshVersion.of(99, 0, 0);
        assertThatThrownBy(() -> locator().explicit(real).minimumVersion(future).build().locate())
                .isInstanceOfSatisfying(PwshTooOldException.class,
                        e -> assertThat(e.minimum()).isEqualTo(future));
        PwshInstallation found = locator().explicit(real).minimumVersion(PwshVersion.parse("7.0.0-preview.1"))
                .build().locate();
        assertThat(found.executable()).isEqualTo(real);
    }

    @Test
    @Timeout(60)
    void hangingProbeTimesOutAndItsTreeIsKilled() throws IOException {
        Path pidFile = tmp.resolve("child.pid");
        // Not "exec sleep": the sleep is a grandchild holding our pipes, the case a plain
        // process.destroy() would leave behind.
        Path hanging = FakePwsh.script(tmp.resolve("hang"), "pwsh",
                "sleep 600 &\necho $! > '" + pidFile + "'\nwait");
        assertThatThrownBy(() -> locator().explicit(hanging).probeTimeout(Duration.ofSeconds(1)).build().locate())
                .isInstanceOf(PwshNotFoundException.class)
                .hasMessageContaining(hanging.toString())
                .hasMessageContaining("did not answer within 1 s")
                .hasCauseInstanceOf(PwshProbeException.class);
        long sleepPid = Long.parseLong(Files.readString(pidFile).trim());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(sleepPid).map(ProcessTree::isAlive).orElse(false), alive -> !alive);
    }

    @Test
    void somethingThatIsNotPwshIsRejectedWithWhatItPrinted() throws IOException {
        Path impostor = FakePwsh.script(tmp.resolve("imp"), "pwsh", "echo hello there");
        assertThatThrownBy(() -> locator().explicit(impostor).build().locate())
                .isInstanceOf(PwshNotFoundException.class)
                .hasMessageContaining("printed 'hello there' instead of a PowerShell version");
        Path failing = FakePwsh.script(tmp.resolve("fail"), "pwsh", "echo broken runtime >&2\nexit 3");
        vars.put("PATH", failing.getParent().toString());
        assertThatThrownBy(() -> locator().build().locate())
                .isInstanceOfSatisfying(PwshNotFoundException.class, e -> assertThat(e.placesLooked())
                        .anySatisfy(place -> assertThat(place).contains(failing.toString(),
                                "exited with code 3", "broken runtime")));
    }

    @Test
    void malformedSettingsFileIsReported() throws IOException {
        Path file = Files.createDirectories(configHome).resolve("settings.properties");
        Files.writeString(file, "pwsh.path=\\uZZZZ\n");
        assertThatThrownBy(() -> locator().build().locate())
                .isInstanceOf(UserSettingsException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void defaultStandardLocationsPerOs() {
        Path h = Path.of("/h");
        assertThat(PwshLocator.defaultStandardLocations(new PwshEnvironment(Map.of(), "Linux", h)))
                .containsExactly(Path.of("/opt/microsoft/powershell/7/pwsh"),
                        Path.of("/opt/microsoft/powershell/7-preview/pwsh"), Path.of("/usr/bin/pwsh"),
                        Path.of("/usr/local/bin/pwsh"), Path.of("/snap/bin/pwsh"), Path.of("/h/.powershell/pwsh"),
                        Path.of("/h/.dotnet/tools/pwsh"));
        assertThat(PwshLocator.defaultStandardLocations(new PwshEnvironment(Map.of(), "Mac OS X", h)))
                .containsExactly(Path.of("/usr/local/microsoft/powershell/7/pwsh"),
                        Path.of("/usr/local/microsoft/powershell/7-preview/pwsh"), Path.of("/usr/local/bin/pwsh"),
                        Path.of("/opt/homebrew/bin/pwsh"), Path.of("/h/.powershell/pwsh"),
                        Path.of("/h/.dotnet/tools/pwsh"));
        PwshEnvironment windows = new PwshEnvironment(
                Map.of("ProgramFiles", "C:\\Program Files", "LOCALAPPDATA", "C:\\Users\\u\\AppData\\Local"),
                "Windows 11", h);
        assertThat(PwshLocator.defaultStandardLocations(windows)).map(Path::toString).containsExactly(
                Path.of("C:\\Program Files").resolve("PowerShell").resolve("7").resolve("pwsh.exe").toString(),
                Path.of("C:\\Program Files").resolve("PowerShell").resolve("7-preview").resolve("pwsh.exe").toString(),
                Path.of("C:\\Users\\u\\AppData\\Local").resolve("Microsoft").resolve("powershell").resolve("pwsh.exe").toString(),
                h.resolve(".dotnet").resolve("tools").resolve("pwsh.exe").toString());
    }

    @Test
    void windowsEnvironmentIsCaseInsensitiveAndSplitsOnSemicolon() {
        PwshEnvironment windows = new PwshEnvironment(Map.of("Path", "C:\\a;;\"C:\\b c\""), "Windows 10", home);
        assertThat(windows.variable("PATH")).contains("C:\\a;;\"C:\\b c\"");
        assertThat(windows.searchPath()).containsExactly(Path.of("C:\\a"), Path.of("C:\\b c"));
        PwshEnvironment linux = new PwshEnvironment(Map.of("Path", "/x"), "Linux", home);
        assertThat(linux.variable("PATH")).isEmpty();
    }
}
