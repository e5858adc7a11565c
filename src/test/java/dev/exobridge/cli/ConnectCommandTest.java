package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exobridge.pwsh.PwshEnvironment;
import dev.exobridge.testsupport.SimTenant;
import dev.exobridge.testsupport.TestPwsh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code exo-bridge connect} and {@code run} with auth options, in-process, against the simulator. */
class ConnectCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static SimTenant tenant;
    static PwshEnvironment env;

    @BeforeAll
    static void tenant() {
        tenant = SimTenant.create(tmp.resolve("tenant"), SimTenant.marker(), 5, Map.of());
        Map<String, String> vars = new HashMap<>(System.getenv());
        vars.keySet().removeIf(k -> k.startsWith("EXOBRIDGE_") && !k.equals(TestPwsh.ENV));
        vars.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        vars.put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
        vars.put("XDG_DATA_HOME", tmp.resolve("data").toString());
        env = new PwshEnvironment(vars, System.getProperty("os.name"), tmp.resolve("home"));
    }

    @AfterAll
    static void close() {
        if (tenant != null) {
            tenant.close();
        }
    }

    static CliRun cli(PwshEnvironment e, String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("--pwsh", TestPwsh.pwsh().toString()));
        all.addAll(List.of(args));
        return CliRun.with(e, stdin, all.toArray(String[]::new));
    }

    static String[] certArgs(String command, String... more) {
        List<String> a = new ArrayList<>(List.of(command, "--simulator", "--simulator-state", tenant.state.toString(),
                "--organization", SimTenant.ORG, "--app-id", SimTenant.APP_ID,
                "--certificate-file", tenant.pfx.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void connectPrintsTheConnectionAsJsonAndExitsZero() throws Exception {
        CliRun r = cli(env, "", certArgs("connect", "--certificate-password-file", tenant.certPasswordFile.toString(),
                "--json"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.path("organization").asText()).isEqualTo(SimTenant.ORG);
        assertThat(o.path("appId").asText()).isEqualTo(SimTenant.APP_ID);
        assertThat(o.path("tokenStatus").asText()).isEqualTo("Active");
        assertThat(o.path("authMode").asText()).isEqualTo("certificate file");
        assertThat(o.path("module").asText()).contains("simulator");
        assertThat(r.out() + r.err()).doesNotContain(tenant.certPassword);
    }

    @Test
    void connectAsATableWithThePasswordFromStdinAndTheEnvironment() {
        CliRun r = cli(env, tenant.certPassword + "\n", certArgs("connect", "--certificate-password-file", "-"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("organization").contains(SimTenant.ORG).contains("tokenExpiry");
        // $EXOBRIDGE_CERTIFICATE_PASSWORD itself: SecretMarkerTest.
        CliRun f = cli(env.withVariable("EXOBRIDGE_CERTIFICATE_PASSWORD_FILE", tenant.certPasswordFile.toString()), "",
                certArgs("connect"));
        assertThat(f.exitCode()).as(f.toString()).isZero();
    }

    @Test
    void aWrongPasswordExitsFiveWithoutTheSecret() throws Exception {
        Path wrong = tmp.resolve("wrong.pw");
        String marker = "Wrong" + SimTenant.marker();
        SimTenant.write(wrong, marker);
        CliRun r = cli(env, "", certArgs("connect", "--certificate-password-file", wrong.toString()));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
        assertThat(r.err()).contains("password may be incorrect");
        assertThat(r.out() + r.err()).doesNotContain(marker);
    }

    @Test
    void helpListsEveryAuthFlagAndTheExitCodes() {
        for (String command : List.of("connect", "run")) {
            CliRun r = cli(env, "", command, "--help");
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).contains("--organization", "--app-id", "--certificate-file", "--certificate-password-file",
                    "--certificate-thumbprint", "--managed-identity", "--managed-identity-id", "--access-token-file",
                    "--device", "--user", "--password-file", "--exchange-environment", "--delegated-organization",
                    "--command-name", "--profile", "--profiles", "--simulator", "--simulator-state", "Exit codes:", " 75");
        }
    }

    @Test
    void theConcurrencyRefusalExitsSeventyFiveForASchedulerToRetry() {
        tenant.sim("Set-ExoSimulatorBehavior -MaxConcurrency 0", Map.of());
        try {
            CliRun r = cli(env, "", certArgs("connect", "--certificate-password-file", tenant.certPasswordFile.toString()));
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(75);
            assertThat(r.err()).contains("maximum number of concurrent requests per tenant");
        } finally {
            tenant.sim("Set-ExoSimulatorBehavior -MaxConcurrency 3", Map.of());
        }
    }

    @Test
    void withoutTheSimulatorTheModuleIsMissingAndExitIsThree() {
        CliRun r = cli(env, "", "connect", "--organization", SimTenant.ORG, "--app-id", SimTenant.APP_ID,
                "--certificate-file", tenant.pfx.toString(), "--certificate-password-file",
                tenant.certPasswordFile.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("ExchangeOnlineManagement module is not installed");
    }

    @Test
    void optionsThatCannotWorkAreUsageErrorsBeforePwshStarts() {
        assertThat(cli(env, "", "connect", "--organization", "contoso.com", "--managed-identity").err())
                .contains("contoso.onmicrosoft.com");
        CliRun thumb = cli(env, "", "connect", "--organization", SimTenant.ORG, "--app-id", SimTenant.APP_ID,
                "--certificate-thumbprint", "0123456789abcdef0123456789abcdef01234567");
        assertThat(thumb.exitCode()).as(thumb.toString()).isEqualTo(2);
        assertThat(thumb.err()).contains("only on Windows");
        CliRun two = cli(env, "", "connect", "--organization", SimTenant.ORG, "--managed-identity", "--device");
        assertThat(two.exitCode()).isEqualTo(2);
        assertThat(two.err()).contains("give one way to sign in");
        CliRun none = cli(env, "", "connect", "--organization", SimTenant.ORG);
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("no way to sign in");
        CliRun dashes = cli(env, "x", "connect", "--user", SimTenant.USER, "--password-file", "-",
                "--access-token-file", "-", "--organization", SimTenant.ORG);
        assertThat(dashes.exitCode()).isEqualTo(2);
        assertThat(dashes.err()).contains("at most one input");
        CliRun scriptToo = cli(env, "x", "run", "-c", "-", "--user", SimTenant.USER, "--password-file", "-");
        assertThat(scriptToo.exitCode()).isEqualTo(2);
        assertThat(scriptToo.err()).contains("-c - counts");
        CliRun badApp = cli(env, "", "connect", "--organization", SimTenant.ORG, "--app-id", "nope",
                "--certificate-file", "x.pfx");
        assertThat(badApp.exitCode()).isEqualTo(2);
        assertThat(badApp.err()).contains("GUID");
    }

    @Test
    void runConnectsFirstAndDisconnectsAtTheEnd() throws Exception {
        CliRun r = cli(env, "", certArgs("run", "--certificate-password-file", tenant.certPasswordFile.toString(),
                "--command-name", "Get-Mailbox,Set-Mailbox",
                "-c", "Get-EXOMailbox -ResultSize 3; (Get-Command Get-Mailbox).CommandType.ToString(); "
                        + "[bool](Get-Command Get-Recipient -ErrorAction SilentlyContinue)"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode out = JSON.readTree(r.out());
        assertThat(out).hasSize(5);
        assertThat(out.get(3).asText()).isEqualTo("Function");
        assertThat(out.get(4).asBoolean()).as("--command-name limits the classic cmdlets").isFalse();
    }

    @Test
    void userAndAccessTokenModes() {
        CliRun u = cli(env, tenant.userPassword, "connect", "--simulator", "--simulator-state", tenant.state.toString(),
                "--user", SimTenant.USER, "--password-file", "-", "--json");
        assertThat(u.exitCode()).as(u.toString()).isZero();
        assertThat(u.out()).contains(SimTenant.USER);
        CliRun missingPw = cli(env, "", "connect", "--simulator", "--simulator-state", tenant.state.toString(),
                "--user", SimTenant.USER);
        assertThat(missingPw.exitCode()).isEqualTo(2);
        assertThat(missingPw.err()).contains("password is missing");
        Path token = tmp.resolve("token");
        SimTenant.write(token, new String(tenant.token("01:00:00").reveal()));
        CliRun t = cli(env, "", "connect", "--simulator", "--simulator-state", tenant.state.toString(),
                "--organization", SimTenant.ORG, "--access-token-file", token.toString());
        assertThat(t.exitCode()).as(t.toString()).isZero();
        CliRun viaEnv = cli(env.withVariable("EXOBRIDGE_ACCESS_TOKEN_FILE", token.toString()), "", "connect",
                "--simulator", "--simulator-state", tenant.state.toString(), "--organization", SimTenant.ORG);
        assertThat(viaEnv.exitCode()).as(viaEnv.toString()).isZero();
        SimTenant.write(token, "not.a.token");
        CliRun bad = cli(env, "", "connect", "--simulator", "--simulator-state", tenant.state.toString(),
                "--organization", SimTenant.ORG, "--access-token-file", token.toString());
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(5);
    }

    @Test
    void profilesGoodMissingReferenceAndWorldReadable() throws Exception {
        Path profiles = tmp.resolve("profiles.json");
        String body = "{\"contoso\": {\"organization\": \"" + SimTenant.ORG + "\", \"appId\": \"" + SimTenant.APP_ID
                + "\", \"certificateFile\": \"" + tenant.pfx + "\", \"certificatePassword\": \"file:"
                + tenant.certPasswordFile + "\"}, \"broken\": {\"organization\": \"" + SimTenant.ORG
                + "\", \"user\": \"" + SimTenant.USER + "\", \"password\": \"file:" + tmp.resolve("none.pw")
                + "\"}, \"inline\": {\"user\": \"" + SimTenant.USER + "\", \"password\": \"hunter2-inline\"}}";
        SimTenant.write(profiles, body);
        CliRun good = cli(env, "", "connect", "--simulator", "--simulator-state", tenant.state.toString(),
                "--profile", "contoso", "--profiles", profiles.toString(), "--json");
        assertThat(good.exitCode()).as(good.toString()).isZero();
        assertThat(JSON.readTree(good.out()).path("appId").asText()).isEqualTo(SimTenant.APP_ID);

        CliRun missingRef = cli(env, "", "connect", "--profile", "broken", "--profiles", profiles.toString());
        assertThat(missingRef.exitCode()).isEqualTo(2);
        assertThat(missingRef.err()).contains("none.pw").contains("no such file");

        CliRun inline = cli(env, "", "connect", "--profile", "inline", "--profiles", profiles.toString());
        assertThat(inline.exitCode()).isEqualTo(2);
        assertThat(inline.err()).contains("must be a reference").doesNotContain("hunter2-inline");

        CliRun unknown = cli(env, "", "connect", "--profile", "nobody", "--profiles", profiles.toString());
        assertThat(unknown.err()).contains("no profile 'nobody'").contains("contoso");

        // The default place: $XDG_CONFIG_HOME/exo-bridge/profiles.json (its broken profile shows it was read).
        Path dflt = tmp.resolve("config/exo-bridge/profiles.json");
        Files.createDirectories(dflt.getParent());
        SimTenant.write(dflt, body);
        CliRun fromDefault = cli(env, "", "connect", "--profile", "broken");
        assertThat(fromDefault.exitCode()).as(fromDefault.toString()).isEqualTo(2);
        assertThat(fromDefault.err()).contains("profile 'broken' in " + dflt);

        // Group-readable is allowed; world-readable is refused, through a symlink too.
        Files.setPosixFilePermissions(profiles, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(cli(env, "", "connect", "--profile", "broken", "--profiles", profiles.toString()).err())
                .doesNotContain("world-readable");
        Files.setPosixFilePermissions(profiles, PosixFilePermissions.fromString("rw-r--r--"));
        Path link = tmp.resolve("link.json");
        Files.createSymbolicLink(link, profiles);
        CliRun world = cli(env, "", "connect", "--profile", "contoso", "--profiles", link.toString());
        assertThat(world.exitCode()).isEqualTo(2);
        assertThat(world.err()).contains("world-readable").contains("chmod o-rwx");
        Files.setPosixFilePermissions(tenant.certPasswordFile, PosixFilePermissions.fromString("rw-rw-rw-"));
        try {
            Files.setPosixFilePermissions(profiles, PosixFilePermissions.fromString("rw-------"));
            CliRun secretWorld = cli(env, "", "connect", "--profile", "contoso", "--profiles", profiles.toString());
            assertThat(secretWorld.exitCode()).isEqualTo(2);
            assertThat(secretWorld.err()).contains("world-writable");
        } finally {
            Files.setPosixFilePermissions(tenant.certPasswordFile, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
