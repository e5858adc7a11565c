package dev.exobridge.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.exobridge.Secret;
import dev.exobridge.session.Invocation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The auth model, its checks and its parameters as data, without pwsh. */
class ExchangeModelTest {
    static final String APP = "11111111-2222-3333-4444-555555555555";
    static final String ORG = "contoso.onmicrosoft.com";

    @Test
    void organizationAndAppIdAreChecked() {
        assertThatThrownBy(() -> new ExchangeAuth.ManagedIdentity("contoso.com", null))
                .isInstanceOf(InvalidAuthException.class).hasMessageContaining("contoso.onmicrosoft.com");
        assertThatThrownBy(() -> new ExchangeAuth.ManagedIdentity(null, null)).isInstanceOf(InvalidAuthException.class);
        assertThatThrownBy(() -> new ExchangeAuth.CertificateFile("not-a-guid", ORG, Path.of("a.pfx"), null))
                .isInstanceOf(InvalidAuthException.class).hasMessageContaining("GUID");
        assertThatThrownBy(() -> new ExchangeAuth.ManagedIdentity(ORG, "x")).hasMessageContaining("GUID");
        assertThat(new ExchangeAuth.ManagedIdentity("Contoso.OnMicrosoft.com", null).organization()).isEqualTo(ORG);
        // A tenant id only where the module takes one: with an access token.
        String tid = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
        assertThat(new ExchangeAuth.AccessToken(tid, () -> Secret.of("t")).organization()).isEqualTo(tid);
        assertThatThrownBy(() -> new ExchangeAuth.ManagedIdentity(tid, null)).isInstanceOf(InvalidAuthException.class);
        assertThatThrownBy(() -> new ExchangeAuth.CertificateThumbprint(APP, ORG, "12ab"))
                .hasMessageContaining("40 hexadecimal");
        assertThatThrownBy(() -> new ExchangeAuth.Credential("admin", Secret.of("p"))).hasMessageContaining("UPN");
        assertThatThrownBy(() -> ExchangeAuth.CertificateBytes.of(APP, ORG, new byte[0], null))
                .hasMessageContaining("empty");
        // A hostile value is shown cut short and without control characters.
        assertThatThrownBy(() -> new ExchangeAuth.ManagedIdentity("x\n\u001b[31m" + "y".repeat(200), null))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\u001b").contains("..."));
    }

    @Test
    void eachModeBecomesConnectParametersAsData() {
        Secret pw = Secret.of("pfx-pw-marker");
        ConnectCall file = ConnectCall.of(new ExchangeAuth.CertificateFile(APP, ORG, Path.of("/s/app.pfx"), pw),
                ExchangeOptions.defaults(), Path.of("/tmp/m"), true, false);
        assertThat(file.parameters()).containsEntry("AppId", APP).containsEntry("Organization", ORG)
                .containsEntry("CertificateFilePath", "/s/app.pfx").containsEntry("CertificatePassword", pw)
                .containsEntry("ShowBanner", false).containsEntry("SkipLoadingFormatData", true)
                .containsEntry("EXOModuleBasePath", "/tmp/m");
        assertThat(file.toString()).doesNotContain("pfx-pw-marker").contains("***");

        ConnectCall old = ConnectCall.of(new ExchangeAuth.ManagedIdentity(ORG, APP), ExchangeOptions.defaults(),
                Path.of("/tmp/m"), false, false);
        assertThat(old.parameters()).containsEntry("ManagedIdentity", true).containsEntry("ManagedIdentityAccountId", APP)
                .doesNotContainKey("EXOModuleBasePath");

        Secret token = Secret.of("token-marker");
        ConnectCall tok = ConnectCall.of(new ExchangeAuth.AccessToken(ORG, () -> token), ExchangeOptions.defaults(), null,
                true, false);
        assertThat(tok.accessToken()).isSameAs(token);
        assertThat(tok.parameters()).doesNotContainKey("AccessToken").containsEntry("Organization", ORG);
        Invocation inv = tok.invocation(Duration.ofSeconds(5), null);
        assertThat(inv.text()).isEqualTo(ConnectCall.SCRIPT).doesNotContain("token-marker");
        assertThat(inv.parameters()).anySatisfy(p -> assertThat(p.value()).isSameAs(token));
        assertThat(inv.toString() + tok).doesNotContain("token-marker");

        ConnectCall cred = ConnectCall.of(new ExchangeAuth.Credential("a@contoso.onmicrosoft.com", Secret.of("pw")),
                ExchangeOptions.defaults(), null, false, false);
        assertThat(cred.user()).isEqualTo("a@contoso.onmicrosoft.com");
        assertThat(cred.parameters()).doesNotContainKey("Credential");

        ConnectCall bytes = ConnectCall.of(ExchangeAuth.CertificateBytes.of(APP, ORG, new byte[] {1, 2, 3}, pw),
                ExchangeOptions.defaults(), null, false, false);
        assertThat(new String(bytes.certificatePfx().reveal())).isEqualTo("AQID");
        assertThat(bytes.certificatePassword()).isSameAs(pw);

        ConnectCall device = ConnectCall.of(new ExchangeAuth.DeviceCode(null, m -> { }), ExchangeOptions.builder()
                .environmentName("o365usgovgcchigh").delegatedOrganization("fabrikam.onmicrosoft.com")
                .commandNames(List.of("Get-Mailbox", "Set-Mailbox")).pageSize(500).prefix("Cts").showBanner(true)
                .skipLoadingFormatData(false).build(), null, false, false);
        assertThat(device.parameters()).containsEntry("Device", true)
                .containsEntry("ExchangeEnvironmentName", "O365USGovGCCHigh")
                .containsEntry("DelegatedOrganization", "fabrikam.onmicrosoft.com")
                .containsEntry("CommandName", List.of("Get-Mailbox", "Set-Mailbox")).containsEntry("PageSize", 500)
                .containsEntry("Prefix", "Cts").containsEntry("ShowBanner", true).doesNotContainKey("SkipLoadingFormatData");
    }

    @Test
    void aThumbprintWorksOnlyOnWindows() {
        var thumb = new ExchangeAuth.CertificateThumbprint(APP, ORG, "0123456789abcdef0123456789abcdef01234567");
        assertThatThrownBy(() -> ConnectCall.of(thumb, ExchangeOptions.defaults(), null, true, false))
                .isInstanceOf(InvalidAuthException.class).hasMessageContaining("only on Windows");
        assertThat(ConnectCall.of(thumb, ExchangeOptions.defaults(), null, true, true).parameters())
                .containsEntry("CertificateThumbprint", "0123456789ABCDEF0123456789ABCDEF01234567");
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> ExchangeOptions.builder().prefix("EXO")).hasMessageContaining("reserved");
        assertThatThrownBy(() -> ExchangeOptions.builder().prefix("a-b")).hasMessageContaining("letters and digits");
        assertThatThrownBy(() -> ExchangeOptions.builder().pageSize(1001)).hasMessageContaining("1 to 1000");
        assertThatThrownBy(() -> ExchangeOptions.builder().environmentName("Mars")).hasMessageContaining("O365Default");
        assertThatThrownBy(() -> ExchangeOptions.builder().commandNames(List.of("rm -rf")))
                .hasMessageContaining("Get-Mailbox");
        ExchangeOptions d = ExchangeOptions.defaults();
        assertThat(d.renewalMargin()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.maxConnectionsPerApp()).isEqualTo(3);
        assertThat(d.showBanner()).isFalse();
        assertThat(d.skipLoadingFormatData()).isTrue();
        assertThat(d.allowSimulator()).isFalse();
    }

    @Test
    void failuresAreClassifiedByTheModulesTexts() {
        assertThat(ExchangeFailures.ofError(error("You must call Connect-ExchangeOnline before calling any other cmdlet."),
                null)).isInstanceOf(ExchangeNotConnectedException.class);
        assertThat(ExchangeFailures.ofError(error("The term 'Get-Mailbox' is not recognized as a name of a cmdlet"), null))
                .isInstanceOf(ExchangeNotConnectedException.class);
        assertThat(ExchangeFailures.ofError(error("The term 'Get-Foo' is not recognized as a name of a cmdlet"), null))
                .isNull();
        assertThat(ExchangeFailures.ofError(error("You have reached the maximum number of concurrent requests per "
                + "tenant. Please wait and try again"), null)).isInstanceOf(ExchangeThrottledException.class);
        assertThat(ExchangeFailures.ofError(error("A server side error has occurred because of which the operation "
                + "could not be completed. Please try again after some time."), null))
                .isInstanceOf(ExchangeTransientException.class);
        assertThat(ExchangeFailures.ofError(error("We cannot currently process your request, please wait a few minutes "
                + "and try again."), null)).isInstanceOf(ExchangeTransientException.class);
        assertThat(ExchangeFailures.ofError(error("UnAuthorized: the access token expired at 2026-01-01"), null))
                .isInstanceOf(ExchangeAuthenticationException.class);
        assertThat(ExchangeFailures.ofError(error("Cannot find path 'x'"), null)).isNull();
        var aad = new ExchangeAuthenticationException("AADSTS700016: Application with identifier", null);
        assertThat(aad.aadstsCode()).contains("AADSTS700016");
        assertThat(new ExchangeAuthenticationException("The specified network password is not correct.", null)
                .aadstsCode()).isEmpty();
        assertThat(ExchangeFailures.isThrottlingWarning("Micro delay applied. Actual delayed: 21956 msecs")).isTrue();
        assertThat(ExchangeFailures.isThrottlingWarning("WARNING: Micro delay applied.")).isTrue();
        assertThat(ExchangeFailures.isThrottlingWarning("There are more results available")).isFalse();
        assertThat(ExchangeFailures.retryAfter("Retry-After: 7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(ExchangeFailures.retryAfter("please try again in 2 minutes")).isEqualTo(Duration.ofMinutes(2));
        assertThat(ExchangeFailures.retryAfter("try again after 1500 ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(ExchangeFailures.retryAfter("nothing")).isNull();
    }

    @Test
    void retriesGoThroughThePoolsLoopWithFullJitterWithinTheOptionsBudget() {
        ExchangeOptions o = ExchangeOptions.builder().maxAttempts(4).backoff(Duration.ofMillis(100), Duration.ofMillis(300))
                .retryBudget(Duration.ofMinutes(1)).build();
        Invocation idempotent = Invocation.command("Get-EXOMailbox").idempotent(true).build();
        long[] now = {0};
        List<Duration> slept = new java.util.ArrayList<>();
        var loop = ExchangeSession.retryLoop(idempotent, o).clock(() -> now[0]).sleeper(d -> {
            slept.add(d);
            now[0] += d.toNanos();
        });
        var fault = new ExchangeTransientException("x", null, null);
        List<Integer> attempts = new java.util.ArrayList<>();
        assertThatThrownBy(() -> loop.run(n -> {
            attempts.add(n);
            throw dev.exobridge.pool.RetryLoop.retry(fault, fault.retryAfter().orElse(null));
        })).isSameAs(fault);
        assertThat(attempts).as("maxAttempts counts the first").containsExactly(0, 1, 2, 3);
        assertThat(slept).hasSizeLessThanOrEqualTo(3); // a zero draw does not sleep
        for (Duration d : slept) {
            assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(300));
        }
        // Not idempotent: one attempt.
        var once = ExchangeSession.retryLoop(Invocation.command("Set-Mailbox").build(), o);
        assertThat(once.again(fault)).isFalse();
        // A delay the service names is honoured, unless it would end after the budget.
        long[] t = {0};
        List<Duration> waited = new java.util.ArrayList<>();
        var named = ExchangeSession.retryLoop(idempotent, o).clock(() -> t[0]).sleeper(waited::add);
        assertThat(named.again(fault, new ExchangeThrottledException("x", Duration.ofSeconds(2), null).retryAfter()
                .orElseThrow())).isTrue();
        assertThat(waited).containsExactly(Duration.ofSeconds(2));
        assertThat(named.again(fault, Duration.ofMinutes(5))).isFalse();
        assertThat(waited).hasSize(1);
    }

    @Test
    void connectionInformationIsTyped() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"ConnectionId":"6a0b5f1e-0000-0000-0000-000000000001","State":"Connected","Organization":"contoso.onmicrosoft.com",
                 "TenantID":"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee","AppId":"11111111-2222-3333-4444-555555555555",
                 "UserPrincipalName":"","TokenExpiryTimeUTC":"2026-12-02T07:00:00+00:00","TokenStatus":"Active",
                 "ModuleName":"/tmp/tmpEXO_x"}""");
        ConnectionInfo c = ConnectionInfo.of(json);
        assertThat(c.userPrincipalName()).isNull();
        assertThat(c.tokenExpiry()).isEqualTo(Instant.parse("2026-12-02T07:00:00Z"));
        assertThat(c.expiresWithin(Duration.ofMinutes(5), Instant.parse("2026-12-02T06:50:00Z"))).isFalse();
        assertThat(c.expiresWithin(Duration.ofMinutes(5), Instant.parse("2026-12-02T06:56:00Z"))).isTrue();
        ConnectionInfo expired = ConnectionInfo.of(((com.fasterxml.jackson.databind.node.ObjectNode) json)
                .put("TokenStatus", "Expired"));
        assertThat(expired.expiresWithin(Duration.ZERO, Instant.parse("2026-12-02T06:00:00Z"))).isTrue();
    }

    @Test
    void secretsAreScrubbedFromMessages() {
        SecretScrubber s = new SecretScrubber();
        s.add(Secret.of("hunter2-long"));
        s.add(Secret.of("ab"));
        assertThat(s.scrub("bad password hunter2-long here, ab stays")).isEqualTo("bad password *** here, ab stays");
        assertThat(s.leaks("hunter2-long")).isTrue();
        assertThat(s.leaks("nothing")).isFalse();
    }

    private static dev.exobridge.session.PowerShellError error(String message) {
        return new dev.exobridge.session.PowerShellError(message, "NotSpecified", null, null, null, null, null, message,
                null, "System.Management.Automation.RuntimeException", message, null, null, 0, 0, null);
    }

    @Test
    void theModuleVersionDecidesWhetherEXOModuleBasePathExists() {
        var v = dev.exobridge.pwsh.PwshVersion.of(7, 6, 9);
        assertThat(new ModuleInfo("3.9.2", "m", false, v).hasModuleBasePath()).isTrue();
        assertThat(new ModuleInfo("3.9.1", "m", false, v).hasModuleBasePath()).isFalse();
        assertThat(new ModuleInfo("3.10.1-Preview1", "m", false, v).hasModuleBasePath()).isTrue();
        assertThatThrownBy(() -> new ModuleInfo("3.10.1", "m", false, dev.exobridge.pwsh.PwshVersion.of(7, 4, 6))
                .check(false)).isInstanceOf(ExchangeModuleException.class).hasMessageContaining("3.10.1")
                .hasMessageContaining("7.6.0").hasMessageContaining("7.4.6");
        assertThatThrownBy(() -> new ModuleInfo("3.10.1", "m", true, v).check(false)).hasMessageContaining("--simulator");
        new ModuleInfo("3.10.1", "m", true, v).check(true);
        assertThat(Map.of()).isEmpty();
    }

    @Test
    void moduleFoldersOfExoBridgeProcessesThatAreGoneAreRemovedAtTheNextStart() throws Exception {
        Path root = ModuleFolders.root();
        assertThat(root.getFileName().toString()).as("one root per user: another's in a shared /tmp cannot be written")
                .isEqualTo("exo-bridge-exo-" + System.getProperty("user.name"));
        java.nio.file.Files.createDirectories(root);
        // A pid no process has (above Linux's pid_max): a crashed exo-bridge's leftover.
        Path stale = java.nio.file.Files.createDirectories(root.resolve("2147483646-left"));
        java.nio.file.Files.writeString(stale.resolve("tmpEXO_x.psm1"), "# left behind");
        Path mine = ModuleFolders.create();
        try {
            assertThat(stale).doesNotExist();
            assertThat(mine).isDirectory();
            assertThat(mine.getFileName().toString()).startsWith(ProcessHandle.current().pid() + "-");
        } finally {
            ModuleFolders.remove(mine);
        }
        assertThat(mine).doesNotExist();
    }
}
