package dev.exobridge.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.exobridge.pwsh.PwshEnvironment;
import dev.exobridge.pwsh.PwshInstallation;
import dev.exobridge.pwsh.PwshLocator;
import dev.exobridge.pwsh.PwshProbe;
import dev.exobridge.pwsh.PwshVersion;
import dev.exobridge.pwsh.UserSettings;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.SessionOptions;
import dev.exobridge.testsupport.TestPwsh;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs pwsh from a real archive: a {@code .tar.gz} the test packs from the unpacked bundle
 * of the test pwsh (its launcher {@code pwsh} at the root), then runs {@code 1+1} with it.
 */
class PwshInstallerTest {
    @TempDir
    static Path work;
    static Path archive;
    static String sha256;
    static PwshVersion bundleVersion;

    @BeforeAll
    static void packTheBundle() throws Exception {
        Path bundle = TestPwsh.pwsh().toRealPath().getParent();
        archive = work.resolve("pwsh-bundle.tar.gz");
        Archives.tarGz(bundle, archive);
        sha256 = PwshInstaller.sha256(archive);
        bundleVersion = PwshProbe.version(TestPwsh.pwsh());
    }

    private static PwshInstaller installer(String name) {
        return PwshInstaller.builder()
                .installRoot(work.resolve(name).resolve("pwsh"))
                .settingsFile(work.resolve(name).resolve("config").resolve(UserSettings.FILE_NAME))
                .build();
    }

    @Test
    void installsFromALocalArchiveRecordsItAndDiscoveryUsesItFromThenOn() throws Exception {
        PwshInstaller installer = installer("good");
        PwshArchive good = PwshArchive.file(archive, sha256.toUpperCase());
        assertThat(installer.installedFrom(good)).isEmpty();

        PwshInstallation installed = installer.install(good);
        Path home = installer.installRoot().resolve(bundleVersion.toString());
        assertThat(installed.version()).isEqualTo(bundleVersion);
        assertThat(installed.executable()).isEqualTo(home.resolve("pwsh"));
        assertThat(home.resolve("pwsh")).isExecutable();
        assertThat(home.resolve("app").resolve("pwsh")).as("executable bits kept").isExecutable();
        assertThat(entries(installer.installRoot())).as("no temporary folders left")
                .containsExactly(bundleVersion.toString());
        assertThat(UserSettings.load(installer.settingsFile()).installedPwsh()).contains(installed.executable());

        // Discovery, with nothing else to find, now finds it through the settings file.
        PwshEnvironment env = new PwshEnvironment(
                Map.of("EXOBRIDGE_CONFIG_HOME", installer.settingsFile().getParent().toString(), "PATH", ""),
                "Linux", work.resolve("empty-home"));
        PwshInstallation found = PwshLocator.builder().environment(env).standardLocations(List.of()).build().locate();
        assertThat(found.executable()).isEqualTo(installed.executable());
        assertThat(found.source()).isEqualTo(PwshLocator.SOURCE_SETTINGS);

        try (PwshSession s = PwshSession.start(SessionOptions.builder().pwsh(installed.executable()).build())) {
            assertThat(s.invoke("1+1").output().get(0).json().asInt()).isEqualTo(2);
        }
        assertThat(installer.installedFrom(good)).get().extracting(PwshInstallation::executable)
                .isEqualTo(installed.executable());

        // Downloaded from a URL (only because one is given), the same version replaces the first.
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/PowerShell.tar.gz", exchange -> {
            exchange.sendResponseHeaders(200, Files.size(archive));
            try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(archive, out);
            }
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/PowerShell.tar.gz");
            Files.writeString(home.resolve("left-from-the-first"), "x");
            PwshInstallation again = installer.install(PwshArchive.url(url, sha256));
            assertThat(again.executable()).isEqualTo(installed.executable());
            assertThat(home.resolve("left-from-the-first")).as("the old copy was replaced whole").doesNotExist();
            assertThat(entries(installer.installRoot())).containsExactly(bundleVersion.toString());
            assertThat(PwshProbe.version(again.executable())).isEqualTo(bundleVersion);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void wrongChecksumInstallsNothing() throws Exception {
        PwshInstaller installer = installer("bad-sum");
        String wrong = "0".repeat(64);
        assertThatThrownBy(() -> installer.install(PwshArchive.file(archive, wrong)))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining("The SHA-256 of the pwsh archive " + archive + " is " + sha256)
                .hasMessageContaining("but " + wrong + " was expected")
                .hasMessageContaining("Nothing was installed");
        assertThat(entries(installer.installRoot())).isEmpty();
        assertThat(installer.settingsFile()).doesNotExist();
    }

    @Test
    void archiveWithoutPwshInstallsNothingAndKeepsThePreviousInstall() throws Exception {
        Path dir = Files.createDirectories(work.resolve("not-pwsh").resolve("content"));
        Files.createDirectories(dir.resolve("bin"));
        Files.writeString(dir.resolve("README.md"), "no PowerShell here\n");
        Path notPwsh = work.resolve("not-pwsh").resolve("not-pwsh.tar.gz");
        Archives.tarGz(dir, notPwsh);
        PwshInstaller installer = installer("no-pwsh");
        Path previous = installer.installRoot().resolve("7.4.0");
        Files.createDirectories(previous);
        Files.writeString(previous.resolve("pwsh"), "previous install");
        UserSettings.load(installer.settingsFile()).withInstalledPwsh(previous.resolve("pwsh")).save();

        assertThatThrownBy(() -> installer.install(PwshArchive.file(notPwsh, PwshInstaller.sha256(notPwsh))))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining("has no pwsh at its root (its root holds: README.md, bin/)")
                .hasMessageContaining("Nothing was installed");
        assertThat(entries(installer.installRoot())).containsExactly("7.4.0");
        assertThat(Files.readString(previous.resolve("pwsh"))).isEqualTo("previous install");
        assertThat(UserSettings.load(installer.settingsFile()).installedPwsh()).contains(previous.resolve("pwsh"));
    }

    @Test
    void unreachableUrlAndMissingFileAreNamed() throws IOException {
        PwshInstaller installer = installer("unreachable");
        String url = "http://127.0.0.1:9/PowerShell-7.4.6-linux-x64.tar.gz";
        assertThatThrownBy(() -> installer.install(PwshArchive.parse(url, sha256)))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining("Cannot download the pwsh archive from " + url)
                .hasMessageContaining("nothing accepted the connection (ConnectException");
        Path missing = work.resolve("PowerShell-missing.tar.gz");
        assertThatThrownBy(() -> installer.install(PwshArchive.file(missing, sha256)))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining("The pwsh archive " + missing + " does not exist");
        assertThat(entries(installer.installRoot())).isEmpty();
    }

    @Test
    void setupInstallsPwshFromTheArchiveOnceThenReportsOk() throws Exception {
        PwshInstaller installer = installer("setup");
        Path home = Files.createDirectories(work.resolve("setup").resolve("home"));
        Path emptyRepo = Files.createDirectories(work.resolve("setup").resolve("repo"));
        SetupOptions opts = SetupOptions.builder()
                .pwshArchive(PwshArchive.file(archive, sha256))
                .installer(installer)
                .sessionOptions(Sandbox.session(home))
                .repository(RepositorySpec.folder("Local", emptyRepo).trusted(true))
                .module(null)
                .build();
        SetupPlan plan = new Setup(opts).plan();
        assertThat(plan.step("pwsh").status()).isEqualTo(StepCheck.Status.CHANGE);
        assertThat(plan.step("pwsh").change()).contains("install pwsh from " + archive);
        assertThat(entries(installer.installRoot())).as("planning installs nothing").isEmpty();

        SetupReport first = new Setup(opts).apply();
        assertThat(first.succeeded()).as(first.toString()).isTrue();
        assertThat(first.step("pwsh").status()).isEqualTo(StepStatus.CHANGED);
        Path exe = installer.installRoot().resolve(bundleVersion.toString()).resolve("pwsh");
        assertThat(first.step("pwsh").details().path("path").asText()).isEqualTo(exe.toString());
        assertThat(first.step("module").status()).isEqualTo(StepStatus.SKIPPED);

        SetupReport second = new Setup(opts).apply();
        assertThat(second.steps()).as(second.toString())
                .allSatisfy(r -> assertThat(r.status()).isIn(StepStatus.OK, StepStatus.SKIPPED));
        assertThat(second.step("pwsh").details().path("path").asText()).isEqualTo(exe.toString());
    }

    private static List<String> entries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
