package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exobridge.testsupport.TestPwsh;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doctor}, {@code setup}, {@code module ...} and {@code pwsh install} through the packaged
 * jar, each run in a pwsh whose HOME, XDG folders and temp folder are the test's own, against a
 * folder repository holding a small module at 1.0.0 and 2.0.0 (published with Publish-PSResource
 * by {@code exo-bridge run} itself). The machine's real module folders are never touched.
 */
class SetupCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODULE = "ExoBridgeCliTest";
    private static final String COMMAND = "Get-ExoBridgeCliTest";

    @TempDir
    static Path work;
    static Path repo;

    /**
     * The environment of a CLI run whose pwsh lives in {@code home}. The XDG folders are made
     * first: .NET reports a missing one as "", and PSResourceGet then writes its repository store
     * into the working directory.
     */
    private static Map<String, String> sandbox(Path home) throws IOException {
        for (String d : List.of(".config", ".local/share", ".cache")) {
            Files.createDirectories(home.resolve(d));
        }
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        env.put("TMPDIR", Files.createDirectories(home.resolve("tmp")).toString());
        env.put("PSModulePath", null);
        env.put("EXOBRIDGE_CONFIG_HOME", null);
        env.put("EXOBRIDGE_PWSH", TestPwsh.pwsh().toString());
        return env;
    }

    private static CliRun cli(Path home, String... args) throws Exception {
        return Child.run(Child.jarCommand(List.of("-XX:+UseSerialGC"), args), sandbox(home), 300, home);
    }

    private static JsonNode json(CliRun r) throws Exception {
        return JSON.readTree(r.out());
    }

    @BeforeAll
    static void publishTheTestModule() throws Exception {
        repo = Files.createDirectories(work.resolve("repo"));
        Path home = Files.createDirectories(work.resolve("publisher"));
        List<String> sources = new ArrayList<>();
        for (String v : List.of("1.0.0", "2.0.0")) {
            Path m = Files.createDirectories(work.resolve("src-" + v).resolve(MODULE));
            Files.writeString(m.resolve(MODULE + ".psm1"), "function " + COMMAND + " { '" + v + "' }\n");
            Files.writeString(m.resolve(MODULE + ".psd1"), "@{ RootModule = '" + MODULE + ".psm1'; ModuleVersion = '" + v
                    + "'; GUID = '0f8a4c52-3d1e-4b7a-9a31-6c2d8e4f1b20'; Author = 'exo-bridge tests';"
                    + " Description = 'exo-bridge CLI test module'; PowerShellVersion = '7.0';"
                    + " FunctionsToExport = @('" + COMMAND + "'); CmdletsToExport = @(); AliasesToExport = @() }\n");
            sources.add(m.toString());
        }
        CliRun r = cli(home, "run", "--param", "Repo=" + repo, "--param-json", "Paths=" + JSON.writeValueAsString(sources),
                "-c", "param($Repo, $Paths) Register-PSResourceRepository -Name Build -Uri $Repo -Trusted; "
                        + "foreach ($p in $Paths) { Publish-PSResource -Path $p -Repository Build -ErrorAction Stop }");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(repo.resolve(MODULE + ".1.0.0.nupkg")).isRegularFile();
        assertThat(repo.resolve(MODULE + ".2.0.0.nupkg")).isRegularFile();
    }

    /** Every file under {@code home} but pwsh's own caches, with a hash of its content. */
    private static Map<String, String> snapshot(Path home) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(home)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                String rel = home.relativize(p).toString();
                if (!rel.startsWith(".cache") && !rel.startsWith("tmp")) {
                    byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                    files.put(rel, HexFormat.of().formatHex(d));
                }
            }
        }
        return files;
    }

    @Test
    void setupCheckOnATemporaryHomeChangesNothingAndDoctorExitsThree(@TempDir Path home) throws Exception {
        String[] check = {"setup", "--check", "--json", "--name", MODULE, "--repository", "Local=" + repo};
        CliRun first = cli(home, check);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        JsonNode plan = json(first);
        assertThat(plan.get("satisfied").asBoolean()).isFalse();
        Map<String, String> steps = new HashMap<>();
        plan.get("steps").forEach(s -> steps.put(s.get("step").asText(), s.get("status").asText()));
        assertThat(steps).containsEntry("pwsh", "ok").containsEntry("repository", "change").containsEntry("module", "change");
        Map<String, String> before = snapshot(home);
        assertThat(before.keySet()).as("no module folder and no settings file were written")
                .noneMatch(f -> f.contains("Modules") || f.contains("exo-bridge"));

        CliRun doctor = cli(home, "doctor", "--json", "--name", MODULE, "--repository", "Local=" + repo);
        assertThat(doctor.exitCode()).as("a check is not ok: " + doctor).isEqualTo(3);
        assertThat(json(doctor)).as("doctor finds the same plan: --check changed nothing").isEqualTo(plan);
        assertThat(snapshot(home)).as("no file under HOME changed").isEqualTo(before);
    }

    @Test
    void setupAppliesThenDoctorIsSatisfied(@TempDir Path home) throws Exception {
        CliRun setup = cli(home, "setup", "--json", "--name", MODULE, "--repository", "Local=" + repo, "--trust");
        assertThat(setup.exitCode()).as(setup.toString()).isZero();
        JsonNode report = json(setup);
        assertThat(report.get("succeeded").asBoolean()).isTrue();
        assertThat(report.get("changed").asBoolean()).isTrue();

        CliRun doctor = cli(home, "doctor", "--json", "--name", MODULE, "--repository", "Local=" + repo);
        assertThat(doctor.exitCode()).as(doctor.toString()).isZero();
        assertThat(json(doctor).get("satisfied").asBoolean()).isTrue();
    }

    /** The repositories pwsh in {@code home} has registered: name to location. */
    private static Map<String, String> repositories(Path home) throws Exception {
        CliRun r = cli(home, "run", "-c", "Get-PSResourceRepository | ForEach-Object { [pscustomobject]@{ "
                + "Name = $_.Name; Location = $(if ($_.Uri.IsFile) { $_.Uri.LocalPath } else { \"$($_.Uri)\" }) } }");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Map<String, String> names = new TreeMap<>();
        json(r).forEach(o -> names.put(o.get("Name").asText(), o.get("Location").asText()));
        return names;
    }

    @Test
    void doctorAndSetupCheckTakeARegisteredRepositoryByNameAndNeedNoGalleryOffline(@TempDir Path home) throws Exception {
        CliRun setup = cli(home, "setup", "--json", "--name", MODULE, "--repository", "Local=" + repo, "--trust");
        assertThat(setup.exitCode()).as(setup.toString()).isZero();

        // "needs a location" before; and the PowerShell Gallery is not asked for: green offline.
        CliRun doctor = cli(home, "doctor", "--json", "--name", MODULE, "--repository", "Local");
        assertThat(doctor.exitCode()).as(doctor.toString()).isZero();
        assertThat(json(doctor).get("satisfied").asBoolean()).isTrue();
        assertThat(doctor.out()).doesNotContain("powershellgallery");
        CliRun check = cli(home, "setup", "--check", "--json", "--name", MODULE, "--repository", "Local");
        assertThat(check.exitCode()).as(check.toString()).isZero();

        CliRun unknown = cli(home, "setup", "--check", "--name", MODULE, "--repository", "NotRegistered");
        assertThat(unknown.exitCode()).as("a failed step exits 3 with --check too: " + unknown).isEqualTo(3);
        assertThat(unknown.out()).contains("'NotRegistered' is not registered").contains("NotRegistered=FOLDER|URL");
    }

    @Test
    void moduleInstallWithoutTrustRegistersNothingAndNamesTrustAndAFolderIsNeverRegisteredTwice(@TempDir Path home)
            throws Exception {
        Map<String, String> before = repositories(home);
        CliRun untrusted = cli(home, "module", "install", "--name", MODULE, "--repository", repo.toString());
        assertThat(untrusted.exitCode()).as(untrusted.toString()).isEqualTo(3);
        assertThat(untrusted.err()).contains("--trust").contains("nothing was registered");
        assertThat(repositories(home)).as("no exo-bridge-<hex> repository left behind").isEqualTo(before);

        CliRun named = cli(home, "module", "install", "--name", MODULE, "--version", "1.0.0", "--repository",
                "Local=" + repo, "--trust", "--json");
        assertThat(named.exitCode()).as(named.toString()).isZero();
        CliRun byPath = cli(home, "module", "install", "--name", MODULE, "--version", "2.0.0", "--repository",
                repo.toString(), "--trust", "--json");
        assertThat(byPath.exitCode()).as(byPath.toString()).isZero();
        assertThat(json(byPath).get("repository").asText()).as("the folder's existing registration is used").isEqualTo("Local");
        assertThat(repositories(home).values()).as("the folder is registered once").containsOnlyOnce(repo.toString());
    }

    @Test
    void moduleInstallUpdateListUninstall(@TempDir Path home) throws Exception {
        String[] from = {"--name", MODULE, "--repository", repo.toString(), "--trust", "--json"};
        CliRun install = cli(home, concat(new String[] {"module", "install", "--version", "1.0.0"}, from));
        assertThat(install.exitCode()).as(install.toString()).isZero();
        assertThat(json(install).get("changed").asBoolean()).isTrue();
        assertThat(json(install).get("version").asText()).isEqualTo("1.0.0");
        assertThat(json(install).get("path").asText()).startsWith(home.toString());

        CliRun update = cli(home, concat(new String[] {"module", "update"}, from));
        assertThat(update.exitCode()).as(update.toString()).isZero();
        assertThat(json(update).get("version").asText()).isEqualTo("2.0.0");
        assertThat(json(update).get("changed").asBoolean()).isTrue();

        CliRun table = cli(home, "module", "list", "--name", MODULE);
        assertThat(table.exitCode()).as(table.toString()).isZero();
        List<String> rows = table.out().lines().filter(l -> l.startsWith(MODULE)).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).contains("2.0.0");
        assertThat(rows.get(1)).contains("1.0.0");

        CliRun uninstall = cli(home, "module", "uninstall", "--name", MODULE, "--json");
        assertThat(uninstall.exitCode()).as(uninstall.toString()).isZero();
        assertThat(json(uninstall).get("removed").size()).isEqualTo(2);
        assertThat(json(uninstall).get("changed").asBoolean()).isTrue();

        assertThat(json(uninstall).get("remaining").size()).isZero();
    }

    @Test
    void moduleFailuresExitThreeAndBadFlagsTwo(@TempDir Path home) throws Exception {
        CliRun missing = cli(home, "module", "install", "--name", "NoSuchModuleAnywhere", "--repository", repo.toString(),
                "--trust");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(3);
        assertThat(missing.err()).contains("NoSuchModuleAnywhere");
        assertThat(missing.out()).isEmpty();

        CliRun badVersion = cli(home, "module", "install", "--version", "banana");
        assertThat(badVersion.exitCode()).as(badVersion.toString()).isEqualTo(2);
        assertThat(badVersion.err()).contains("--version").contains(">=3.5.0");
    }

    @Test
    void pwshInstallFromAnArchiveIsRecordedAndUsedByDiscovery(@TempDir Path home) throws Exception {
        // A real archive: the test pwsh's own bundle (pwsh launcher at its root), packed by tar.
        Path bundle = TestPwsh.pwsh().toRealPath().getParent();
        Path archive = home.resolve("pwsh-bundle.tar.gz");
        Process tar = new ProcessBuilder("tar", "-C", bundle.toString(), "--use-compress-program=gzip -1", "-cf",
                archive.toString(), ".").inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(archive)));

        CliRun install = cli(home, "pwsh", "install", "--from", archive.toString(), "--sha256", sha, "--json");
        assertThat(install.exitCode()).as(install.toString()).isZero();
        JsonNode first = json(install);
        assertThat(first.get("status").asText()).isEqualTo("changed");
        Path installed = Path.of(first.get("executable").asText());
        assertThat(installed).startsWith(home).isExecutable();
        assertThat(Path.of(first.get("settingsFile").asText())).startsWith(home).isRegularFile();

        CliRun again = cli(home, "pwsh", "install", "--from", archive.toString(), "--sha256", sha, "--json");
        assertThat(json(again).get("status").asText()).as(again.toString()).isEqualTo("ok");
        assertThat(json(again).get("executable").asText()).isEqualTo(installed.toString());

        Map<String, String> env = sandbox(home);
        env.put("EXOBRIDGE_PWSH", null);
        CliRun info = Child.run(Child.jarCommand(List.of(), "pwsh", "info", "--json"), env, 120, home);
        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(json(info).get("executable").asText()).isEqualTo(installed.toString());
        assertThat(json(info).get("source").asText()).isEqualTo("settings");
    }

    @Test
    void pwshInstallRefusesWhatItCannotVerify(@TempDir Path home) throws Exception {
        Path archive = Files.writeString(home.resolve("not-pwsh.tar.gz"), "not an archive");
        String wrong = "0".repeat(64);
        CliRun mismatch = cli(home, "pwsh", "install", "--from", archive.toString(), "--sha256", wrong);
        assertThat(mismatch.exitCode()).as(mismatch.toString()).isEqualTo(3);
        assertThat(mismatch.err()).contains("SHA-256").contains(wrong).contains("Nothing was installed");
        assertThat(mismatch.out()).isEmpty();
        assertThat(snapshot(home).keySet()).noneMatch(f -> f.contains("settings.properties"));

        CliRun badHash = cli(home, "pwsh", "install", "--from", archive.toString(), "--sha256", "xyz");
        assertThat(badHash.exitCode()).as(badHash.toString()).isEqualTo(2);
        assertThat(badHash.err()).contains("64 hex digits");

        CliRun noFrom = cli(home, "pwsh", "install", "--sha256", wrong);
        assertThat(noFrom.exitCode()).as(noFrom.toString()).isEqualTo(2);
        assertThat(noFrom.err()).contains("--from");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
