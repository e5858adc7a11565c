package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exobridge.pwsh.PwshEnvironment;
import dev.exobridge.testsupport.TestPwsh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code exo-bridge simulator ...} and {@code run --simulator}, in this JVM with a HOME of the test's own. */
class SimulatorCommandTest {
    static final String APP = "6f2c1a7e-1111-4000-8000-000000000001";
    @TempDir
    static Path home;
    static PwshEnvironment env;
    static Path state;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void tenant() throws Exception {
        env = PwshEnvironment.system().withVariable("XDG_CACHE_HOME", home.resolve("cache").toString())
                .withVariable("XDG_DATA_HOME", home.resolve("data").toString());
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", home.resolve("k.pem").toString(),
                "-out", home.resolve("app.pem").toString(), "-days", "3", "-subj", "/CN=cli").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("openssl made a certificate").isTrue();
        Files.writeString(home.resolve("pw.txt"), "S3cret-Pa55\n");
        state = home.resolve("t/contoso.json");
        CliRun r = cli("simulator", "init", "--state", state.toString(), "--organization", "contoso", "--mailboxes", "5", "--seed", "9",
                "--app-id", APP, "--certificate", home.resolve("app.pem").toString(),
                "--user", "admin@contoso.onmicrosoft.com", "--password-file", home.resolve("pw.txt").toString(),
                "--token-lifetime", "30s", "--throttle-every", "7", "--max-concurrency", "2");
        assertThat(r.exitCode()).as("%s", r).isZero();
        JsonNode info = JSON.readTree(r.out());
        assertThat(info.path("Organization").asText()).isEqualTo("contoso.onmicrosoft.com");
        assertThat(info.path("Mailboxes").asInt()).isEqualTo(5);
        assertThat(info.path("Apps").get(0).path("AppId").asText()).isEqualTo(APP);
        assertThat(info.path("Apps").get(0).path("Certificates").get(0).path("Thumbprint").asText()).matches("[0-9A-F]{40}");
        assertThat(info.path("Users").get(0).asText()).isEqualTo("admin@contoso.onmicrosoft.com");
        assertThat(info.path("Behavior").path("tokenLifetimeSeconds").asDouble()).isEqualTo(30.0);
        assertThat(info.path("Behavior").path("throttleEvery").asInt()).isEqualTo(7);
        assertThat(info.path("Behavior").path("maxConcurrency").asInt()).isEqualTo(2);
        assertThat(r.out()).doesNotContain("S3cret", "salt", "hash", "signingKey");
        assertThat(Files.readString(state)).doesNotContain("S3cret");
    }

    static CliRun cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--pwsh", TestPwsh.pwsh().toString()));
        all.addAll(List.of(args));
        return CliRun.with(env, "", all.toArray(String[]::new));
    }

    @Test
    void infoPrintsTheTenantAndAMissingStateExitsThree() throws Exception {
        CliRun r = cli("simulator", "info", "--state", state.toString());
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(JSON.readTree(r.out()).path("TenantId").asText()).matches("[0-9a-f-]{36}");
        assertThat(r.out()).doesNotContain("S3cret", "salt", "signingKey");
        Path missing = home.resolve("missing.json");
        CliRun m = cli("simulator", "info", "--state", missing.toString());
        assertThat(m.exitCode()).isEqualTo(3);
        assertThat(m.err()).contains("The simulator state " + missing + " does not exist. Create the tenant first: exo-bridge simulator init --state " + missing);
    }

    @Test
    void initRefusesToReplaceWithoutForceAndBadInput() {
        CliRun again = cli("simulator", "init", "--state", state.toString(), "--organization", "contoso");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already exists; pass -Force (exo-bridge simulator init --force) to replace the tenant");
        CliRun org = cli("simulator", "init", "--state", home.resolve("x.json").toString(), "--organization", "contoso.com");
        assertThat(org.exitCode()).isEqualTo(1);
        assertThat(org.err()).contains("The organization 'contoso.com' is not a tenant's .onmicrosoft.com name");
        CliRun app = cli("simulator", "init", "--state", home.resolve("y.json").toString(), "--organization", "c", "--app-id", "nope",
                "--certificate", home.resolve("app.pem").toString());
        assertThat(app.err()).contains("The app id 'nope' is not a GUID.");
        CliRun key = cli("simulator", "init", "--state", home.resolve("z.json").toString(), "--organization", "c", "--app-id", APP,
                "--certificate", home.resolve("pw.txt").toString());
        assertThat(key.exitCode()).isEqualTo(1);
        assertThat(key.err()).contains("is not a certificate (.cer or .pem)");
        CliRun pair = cli("simulator", "init", "--state", home.resolve("w.json").toString(), "--organization", "c", "--app-id", APP);
        assertThat(pair.exitCode()).isEqualTo(2);
        assertThat(pair.err()).contains("--certificate");
        CliRun forced = cli("simulator", "init", "--state", home.resolve("f.json").toString(), "--organization", "fabrikam", "--force");
        assertThat(forced.exitCode()).as("%s", forced).isZero();
        CliRun noPw = cli("simulator", "init", "--state", home.resolve("v.json").toString(), "--organization", "c",
                "--user", "a@c.onmicrosoft.com", "--password-file", home.resolve("none.txt").toString());
        assertThat(noPw.err()).contains("The password file '" + home.resolve("none.txt") + "' for 'a@c.onmicrosoft.com' does not exist.");
    }

    @Test
    void defaultStateIsTheUsersAndInitWritesIt() throws Exception {
        CliRun r = cli("simulator", "init", "--organization", "northwind", "--mailboxes", "1");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(home.resolve("data/exo-bridge/simulator/tenant.json")).isRegularFile();
        assertThat(JSON.readTree(cli("simulator", "info").out()).path("Organization").asText()).isEqualTo("northwind.onmicrosoft.com");
    }

    @Test
    void runWithTheSimulatorUsesItsModuleAndState() throws Exception {
        CliRun r = cli("run", "--simulator", "--simulator-state", state.toString(), "--format", "ndjson", "-c",
                "param($User, $Password) $env:EXO_SIMULATOR_STATE; (Get-Module -ListAvailable ExchangeOnlineManagement | Select-Object -First 1).ModuleBase; "
                        + "Connect-ExchangeOnline -Credential ([pscredential]::new($User, (ConvertTo-SecureString $Password -AsPlainText -Force))) -ShowBanner:$false; "
                        + "(Get-EXOMailbox -ResultSize 2 -WarningAction SilentlyContinue).Alias; Disconnect-ExchangeOnline -Confirm:$false",
                "--param", "User=admin@contoso.onmicrosoft.com", "--param", "Password=S3cret-Pa55");
        assertThat(r.exitCode()).as("%s", r).isZero();
        String[] lines = r.out().trim().split("\n");
        assertThat(JSON.readTree(lines[0]).asText()).isEqualTo(state.toString());
        assertThat(JSON.readTree(lines[1]).asText()).startsWith(home.resolve("cache").toString());
        assertThat(lines).hasSize(4);
        CliRun without = cli("run", "-c", "$env:EXO_SIMULATOR_STATE");
        assertThat(without.out()).doesNotContain(state.toString());
    }

    @Test
    void runRefusesAMissingStateAndAStateWithoutTheSimulator() {
        Path missing = home.resolve("none/tenant.json");
        CliRun r = cli("run", "--simulator", "--simulator-state", missing.toString(), "-c", "1");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("exo-bridge simulator init --state " + missing);
        CliRun u = cli("run", "--simulator-state", state.toString(), "-c", "1");
        assertThat(u.exitCode()).isEqualTo(2);
        assertThat(u.err()).contains("--simulator-state needs --simulator");
    }

    @Test
    void approveDeviceWithNothingWaiting() {
        CliRun r = cli("simulator", "approve-device", "--state", state.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("No sign-in is waiting for any device code in '" + state + "'");
    }

    @Test
    void publishWritesRealPackagesAndReplacesThem() throws Exception {
        Path repo = home.resolve("repo");
        CliRun r = cli("simulator", "publish", "--to", repo.toString(), "--version", "3.9.2", "--version", "3.10.1");
        assertThat(r.exitCode()).as("%s", r).isZero();
        Path pkg = repo.resolve("ExchangeOnlineManagement.3.9.2.nupkg");
        assertThat(pkg).isRegularFile();
        assertThat(repo.resolve("ExchangeOnlineManagement.3.10.1.nupkg")).isRegularFile();
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(pkg.toFile())) {
            String psd1 = new String(zip.getInputStream(zip.getEntry("ExchangeOnlineManagement.psd1")).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(psd1).contains("ModuleVersion     = '3.9.2'").contains("'Simulator'");
        }
        Files.writeString(pkg, "stale");
        CliRun again = cli("simulator", "publish", "--to", repo.toString(), "--version", "3.9.2");
        assertThat(again.exitCode()).as("%s", again).isZero();
        assertThat(Files.size(pkg)).isGreaterThan(100);
        CliRun bad = cli("simulator", "publish", "--to", repo.toString(), "--version", "latest");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("The version 'latest' is not a module version (like 3.10.1).");
    }

    @Test
    void moduleListFlagsAnInstalledSimulator() throws Exception {
        // A pwsh whose HOME is this test's, with the simulator copied into its module folder.
        Path h = home.resolve("installed");
        Path modules = h.resolve(".local/share/powershell/Modules/ExchangeOnlineManagement/3.10.1");
        Path source = dev.exobridge.simulator.SimulatorModule.folder(env);
        try (java.util.stream.Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.toList()) {
                Path t = modules.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        Path wrapper = Files.writeString(home.resolve("pwsh-in-home"), "#!/bin/sh\nexport HOME='" + h + "' XDG_DATA_HOME='" + h.resolve(".local/share")
                + "' XDG_CACHE_HOME='" + h.resolve(".cache") + "' XDG_CONFIG_HOME='" + h.resolve(".config") + "' PSModulePath=\nexec '"
                + TestPwsh.pwsh() + "' \"$@\"\n");
        assertThat(wrapper.toFile().setExecutable(true)).isTrue();
        CliRun r = CliRun.with(env, "", "--pwsh", wrapper.toString(), "module", "list", "--json");
        assertThat(r.exitCode()).as("%s", r).isZero();
        JsonNode list = JSON.readTree(r.out());
        assertThat(list.get(0).path("simulator").asBoolean()).isTrue();
        assertThat(r.err()).contains("warning: ExchangeOnlineManagement 3.10.1 at " + modules
                + " is the exo-bridge Exchange Online simulator (tag Simulator), not Microsoft's module");
    }

    @Test
    void helpNamesTheSubcommands() {
        CliRun r = CliRun.with(env, "", "simulator", "--help");
        assertThat(r.out()).contains("init", "info", "publish", "approve-device");
        CliRun completion = CliRun.with(env, "", "completion");
        assertThat(completion.out()).contains("approve-device", "--simulator-state", "--password-file", "--token-lifetime");
        CliRun none = CliRun.with(env, "", "simulator");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("say what to do: init, info, publish or approve-device");
    }
}
