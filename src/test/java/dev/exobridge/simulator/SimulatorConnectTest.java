package dev.exobridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exobridge.session.HostPromptException;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationResult;
import dev.exobridge.session.PowerShellErrorException;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.StreamKind;
import dev.exobridge.session.StreamListener;
import dev.exobridge.session.StreamRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connect-ExchangeOnline and its neighbours in the simulator, through exo-bridge's own engine:
 * one pwsh session that uses the simulator for the whole class (each test disconnects after).
 */
class SimulatorConnectTest {
    @TempDir
    static Path home;
    static SimulatorFixture fx;
    static Path state;
    static PwshSession s;

    static final String CONNECT_CERT = "Connect-ExchangeOnline -AppId $AppId -CertificateFilePath $Pfx "
            + "-CertificatePassword (ConvertTo-SecureString $Pw -AsPlainText -Force) -Organization contoso.onmicrosoft.com -ShowBanner:$false";

    @BeforeAll
    static void tenant() {
        fx = new SimulatorFixture(home);
        fx.certificate("app");
        fx.certificate("stranger");
        Path pw = fx.write("admin.txt", SimulatorFixture.USER_PASSWORD + "\n");
        state = home.resolve("tenant/contoso.json");
        JsonNode info = fx.simulator().init(state, TenantSpec.builder("contoso").mailboxes(1005).seed("7")
                .app(SimulatorFixture.APP_ID, home.resolve("app.cer"))
                .app(SimulatorFixture.OTHER_APP_ID, home.resolve("app.pem"))
                .user(SimulatorFixture.USER, pw).build());
        assertThat(info.path("Organization").asText()).isEqualTo("contoso.onmicrosoft.com");
        s = fx.session(state);
    }

    @AfterAll
    static void close() {
        if (s != null) {
            s.close();
        }
    }

    @AfterEach
    void disconnect() {
        run("param($X) $env:EXO_SIMULATOR_STATE = $X; Disconnect-ExchangeOnline -Confirm:$false; Set-Location $HOME; "
                + "Set-ExoSimulatorBehavior -TokenLifetime 01:00:00 -ThrottleEvery 0 -TransientErrorEvery 0 -LatencyMs 0; "
                + "Remove-Item Env:IDENTITY_ENDPOINT, Env:IDENTITY_HEADER -ErrorAction Ignore", "X", state.toString());
    }

    static InvocationResult run(String script, Object... kv) {
        Invocation.Builder b = Invocation.script(script).timeout(Duration.ofSeconds(60));
        Map<String, Object> p = params(kv);
        p.forEach(b::param);
        return s.invoke(b.build());
    }

    static Map<String, Object> params(Object... kv) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("AppId", SimulatorFixture.APP_ID);
        p.put("Pfx", home.resolve("app.pfx").toString());
        p.put("Pw", SimulatorFixture.PFX_PASSWORD);
        for (int i = 0; i < kv.length; i += 2) {
            p.put((String) kv[i], kv[i + 1]);
        }
        return p;
    }

    /** The message of the terminating error the script ends with, or of its first error record. */
    static String failure(String script, Object... kv) {
        try {
            InvocationResult r = run(script, kv);
            if (!r.errors().isEmpty() && r.output().isEmpty()) {
                return r.errors().get(0).message();
            }
            throw new AssertionError("expected a terminating error, got " + r);
        } catch (PowerShellErrorException e) {
            return e.error().message();
        }
    }

    static String text(String script, Object... kv) {
        InvocationResult r = run(script, kv);
        assertThat(r.output()).as("output of %s: %s", script, r).isNotEmpty();
        return r.output().get(r.output().size() - 1).json().asText();
    }

    static String params(String script) {
        return "param($AppId, $Pfx, $Pw, $X) " + script;
    }

    @Test
    void importExposesTheGetCmdletsAndNothingWorksBeforeConnecting() {
        String cmds = text("Import-Module ExchangeOnlineManagement; "
                + "((Get-Command -Module ExchangeOnlineManagement).Name | Sort-Object) -join ','");
        assertThat(cmds).contains("Get-ConnectionInformation", "Get-EXOMailbox", "Get-EXORecipient", "Get-EXOMailboxStatistics",
                "Connect-ExchangeOnline", "Disconnect-ExchangeOnline").doesNotContain("Get-Mailbox,");
        assertThat(text("$m = Get-Module ExchangeOnlineManagement; \"$($m.PrivateData.PSData.Tags -contains 'Simulator')|$($m.Description)|$($m.ModuleBase)\""))
                .startsWith("True|exo-bridge Exchange Online simulator").contains(home.resolve(".cache").toString());
        assertThat(failure("Get-EXOMailbox")).isEqualTo("You must call Connect-ExchangeOnline before calling any other cmdlet.");
        assertThat(failure("Get-EXORecipient")).isEqualTo("You must call Connect-ExchangeOnline before calling any other cmdlet.");
        assertThat(failure("Get-EXOMailboxStatistics -Identity x")).isEqualTo("You must call Connect-ExchangeOnline before calling any other cmdlet.");
        assertThat(text("@(Get-ConnectionInformation).Count")).isEqualTo("0");
        assertThat(failure("Get-Mailbox")).startsWith("The term 'Get-Mailbox' is not recognized");
        assertThat(text("(Get-ExoSimulatorInfo).State")).isEqualTo(state.toString());
    }

    @Test
    void dynamicParametersFollowThePlatform() {
        assertThat(text("$p = (Get-Command Connect-ExchangeOnline).Parameters; \"$($p.ContainsKey('Device'))|$($p.ContainsKey('InlineCredential'))|$($p.ContainsKey('CertificateThumbprint'))|$($p['CertificatePassword'].ParameterType)|$($p['AccessToken'].ParameterType)\""))
                .isEqualTo("True|True|False|securestring|string");
        assertThat(failure("Connect-ExchangeOnline -CertificateThumbprint ABC -AppId x -Organization y"))
                .isEqualTo("A parameter cannot be found that matches parameter name 'CertificateThumbprint'.");
    }

    @Test
    void certificateFileConnectsAndConnectionInformationHasTheRealShape() {
        run(params("Set-Location (Split-Path $Pfx); Connect-ExchangeOnline -AppId $AppId -CertificateFilePath ./app.pfx "
                + "-CertificatePassword (ConvertTo-SecureString $Pw -AsPlainText -Force) -Organization contoso.onmicrosoft.com -ShowBanner:$false"));
        String names = text("((Get-ConnectionInformation).PSObject.Properties.Name) -join ','");
        assertThat(names).isEqualTo("ConnectionId,State,Id,Name,UserPrincipalName,ConnectionUri,AzureAdAuthorizationEndpointUri,"
                + "TokenExpiryTimeUTC,CertificateAuthentication,ModuleName,ModulePrefix,Organization,DelegatedOrganization,AppId,"
                + "PageSize,TenantID,TokenStatus,ConnectionUsedForInbuiltCmdlets,IsEopSession");
        assertThat(text("$c = Get-ConnectionInformation; \"$($c.ConnectionId -is [guid])|$($c.TokenExpiryTimeUTC -is [DateTimeOffset])|$($c.TokenStatus)|$($c.State)|$($c.Name)|$($c.CertificateAuthentication)|$($c.AppId)|$($c.Organization)|$($c.PageSize)|$($c.IsEopSession)|$($c.ConnectionUri)\""))
                .isEqualTo("True|True|Active|Connected|ExchangeOnline_" + text("(Get-ConnectionInformation).Id") + "|True|"
                        + SimulatorFixture.APP_ID + "|contoso.onmicrosoft.com|1000|False|https://outlook.office365.com");
        assertThat(text("(Get-EXOMailbox -ResultSize 1).UserPrincipalName")).endsWith("@contoso.onmicrosoft.com");
    }

    @Test
    void certificateFailuresSayWhy() {
        assertThat(failure(params(CONNECT_CERT.replace("$Pw -As", "'wrong' -As"))))
                .isEqualTo("The certificate data cannot be read with the provided password, the password may be incorrect.");
        Path truncated = home.resolve("truncated.pfx");
        try {
            Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(home.resolve("app.pfx")), 100));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(failure(params(CONNECT_CERT), "Pfx", truncated.toString())).isEqualTo("ASN1 corrupted data.");
        assertThat(failure(params(CONNECT_CERT), "Pfx", home.resolve("app.pem").toString()))
                .matches("The certificate 'CN=app' \\([0-9A-F]{40}\\) has no private key, so it cannot sign the client assertion\\.");
        assertThat(failure(params(CONNECT_CERT), "Pfx", home.resolve("missing.pfx").toString()))
                .isEqualTo("The certificate file '" + home.resolve("missing.pfx") + "' given by CertificateFilePath does not exist.");
        assertThat(failure(params(CONNECT_CERT), "Pfx", home.resolve("stranger.pfx").toString()))
                .startsWith("AADSTS700027: Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '");
        assertThat(failure(params(CONNECT_CERT), "AppId", "00000000-0000-0000-0000-000000000009"))
                .startsWith("AADSTS700016: Application with identifier '00000000-0000-0000-0000-000000000009' was not found in the directory 'contoso.onmicrosoft.com'.");
        assertThat(failure(params(CONNECT_CERT.replace("-Organization contoso.onmicrosoft.com", "-Organization fabrikam.onmicrosoft.com"))))
                .isEqualTo("AADSTS90002: Tenant 'fabrikam.onmicrosoft.com' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
        assertThat(failure(params(CONNECT_CERT.replace(" -Organization contoso.onmicrosoft.com", ""))))
                .isEqualTo("The Organization parameter is required with app-only (certificate) authentication: give the tenant's primary .onmicrosoft.com domain.");
        assertThat(failure(params("$c = [Security.Cryptography.X509Certificates.X509Certificate2]::new($X); Connect-ExchangeOnline -AppId $AppId -Certificate $c -Organization contoso.onmicrosoft.com"),
                "X", home.resolve("app.cer").toString())).contains("has no private key");
        assertThat(text("@(Get-ConnectionInformation).Count")).isEqualTo("0");
    }

    @Test
    void certificateObjectConnects() {
        run(params("$c = [Security.Cryptography.X509Certificates.X509Certificate2]::new($Pfx, $Pw); "
                + "Connect-ExchangeOnline -AppId $AppId -Certificate $c -Organization contoso.onmicrosoft.com -ShowBanner:$false"));
        assertThat(text("\"$((Get-ConnectionInformation).CertificateAuthentication)\"")).isEqualTo("True");
    }

    @Test
    void classicCmdletsLiveInAGeneratedModuleLimitedByCommandName() {
        Path base = home.resolve("exo-modules");
        InvocationResult r = run(params(CONNECT_CERT + " -CommandName Get-Mailbox,Get-MailboxPermission -EXOModuleBasePath $X"), "X", base.toString());
        assertThat(r.records(StreamKind.INFORMATION)).isEmpty();
        String module = text("(Get-ConnectionInformation).ModuleName");
        assertThat(Path.of(module).getParent()).isEqualTo(base);
        assertThat(Path.of(module).getFileName().toString()).startsWith("tmpEXO_");
        assertThat(text("\"$((Get-Command Get-Mailbox).CommandType)|$((Get-Command Get-Mailbox).Source)|$([bool](Get-Command Set-Mailbox -ErrorAction Ignore))\""))
                .isEqualTo("Function|" + Path.of(module).getFileName() + "|False");
        InvocationResult d = run("Disconnect-ExchangeOnline -Confirm:$false -InformationVariable iv; $iv | ForEach-Object { \"$_\" }");
        assertThat(d.output().get(0).json().asText()).isEqualTo("Disconnected successfully !");
        assertThat(Files.exists(Path.of(module))).isFalse();
        assertThat(failure("Get-Mailbox")).startsWith("The term 'Get-Mailbox' is not recognized");
        assertThat(text("@(Get-ConnectionInformation).Count")).isEqualTo("0");
    }

    @Test
    void bannerPrefixAndValidation() {
        InvocationResult r = run(params(CONNECT_CERT.replace("-ShowBanner:$false", "-Prefix Sim")));
        assertThat(r.records(StreamKind.INFORMATION)).extracting(StreamRecord::message)
                .anyMatch(m -> m.contains("exo-bridge Exchange Online simulator"));
        assertThat(text("\"$([bool](Get-Command Get-SimMailbox -ErrorAction Ignore))|$((Get-ConnectionInformation).ModulePrefix)\"")).isEqualTo("True|Sim");
        assertThat(failure(params(CONNECT_CERT + " -Prefix 'a-b'"))).isEqualTo("Use of any special characters in the Prefix string is not supported.");
        assertThat(failure(params(CONNECT_CERT + " -Prefix EXO"))).isEqualTo("Prefix 'EXO' is a reserved Prefix, please use a different prefix.");
        assertThat(failure(params(CONNECT_CERT + " -ConnectionUri 'http://outlook.office365.com'")))
                .isEqualTo("Invalid ConnectionUri parameter 'http://outlook.office365.com'");
        assertThat(failure(params(CONNECT_CERT + " -AzureADAuthorizationEndpointUri 'nope'")))
                .isEqualTo("Invalid AzureADAuthorizationEndpointUri parameter 'nope'");
        assertThat(failure(params(CONNECT_CERT + " -PageSize 1001")))
                .startsWith("Cannot validate argument on parameter 'PageSize'. The 1001 argument is greater than the maximum allowed range of 1000.");
        assertThat(failure(params(CONNECT_CERT + " -ExchangeEnvironmentName Mars")))
                .startsWith("Cannot validate argument on parameter 'ExchangeEnvironmentName'.");
        assertThat(failure(params(CONNECT_CERT + " -DelegatedOrganization fabrikam.onmicrosoft.com"))).startsWith("AADSTS90002: Tenant 'fabrikam.onmicrosoft.com' not found.");
        assertThat(failure("Connect-ExchangeOnline -UserPrincipalName someone@contoso.onmicrosoft.com"))
                .startsWith("Interactive sign-in (a browser or WAM) is not available in the exo-bridge simulator");
        run(params(CONNECT_CERT + " -ExchangeEnvironmentName O365USGovGCCHigh -PageSize 50 -SkipLoadingFormatData"));
        assertThat(text("$c = Get-ConnectionInformation | Select-Object -Last 1; \"$($c.ConnectionUri)|$($c.AzureAdAuthorizationEndpointUri)|$($c.PageSize)\""))
                .isEqualTo("https://outlook.office365.us|https://login.microsoftonline.us/organizations|50");
    }

    @Test
    void disconnectAsksThroughTheHostUnlessConfirmIsFalse() {
        run(params(CONNECT_CERT));
        assertThatThrownBy(() -> run("Disconnect-ExchangeOnline")).isInstanceOf(HostPromptException.class);
        assertThat(text("@(Get-ConnectionInformation).Count")).isEqualTo("1");
        run(params(CONNECT_CERT));
        run("Get-ConnectionInformation | Select-Object -First 1 | Disconnect-ExchangeOnline -Confirm:$false");
        assertThat(text("@(Get-ConnectionInformation).Count")).isEqualTo("1");
    }

    @Test
    void accessTokensAreCheckedAndExpire() {
        String connect = "param($T) Connect-ExchangeOnline -AccessToken $T -Organization contoso.onmicrosoft.com -ShowBanner:$false";
        String good = text("New-ExoSimulatorAccessToken -AppId " + SimulatorFixture.APP_ID);
        assertThat(good.split("\\.")).hasSize(3);
        Invocation.Builder b = Invocation.script(connect).param("T", good);
        s.invoke(b.build());
        assertThat(text("\"$((Get-ConnectionInformation).AppId)|$((Get-ConnectionInformation).CertificateAuthentication)\"")).isEqualTo(SimulatorFixture.APP_ID + "|False");
        run("Disconnect-ExchangeOnline -Confirm:$false");

        String expired = text("New-ExoSimulatorAccessToken -Lifetime (New-TimeSpan -Seconds -5)");
        assertThat(tokenFailure(connect, expired)).startsWith("UnAuthorized: the access token expired at ");
        assertThat(tokenFailure(connect, text("New-ExoSimulatorAccessToken -Audience https://graph.microsoft.com")))
                .isEqualTo("UnAuthorized: the access token's audience 'https://graph.microsoft.com' is not 'https://outlook.office365.com'.");
        assertThat(tokenFailure(connect, text("New-ExoSimulatorAccessToken -TenantId 11111111-1111-1111-1111-111111111111")))
                .startsWith("UnAuthorized: the access token was issued for tenant '11111111-1111-1111-1111-111111111111', not for 'contoso.onmicrosoft.com'");
        assertThat(tokenFailure(connect, good.substring(0, good.length() - 3) + "AAA"))
                .isEqualTo("UnAuthorized: the access token's signature is not valid for this tenant.");
        assertThat(tokenFailure(connect, "not-a-token"))
                .isEqualTo("UnAuthorized: the access token is not a well-formed JWT (three base64url parts separated by dots).");

        String shortLived = text("New-ExoSimulatorAccessToken -Lifetime (New-TimeSpan -Seconds 2)");
        s.invoke(Invocation.script(connect).param("T", shortLived).build());
        run("Start-Sleep -Milliseconds 2500");
        assertThat(failure("Get-EXOMailbox -ResultSize 1"))
                .startsWith("UnAuthorized: the access token expired at ").endsWith("Connect again with a new token (Connect-ExchangeOnline -AccessToken).");
        assertThat(text("(Get-ConnectionInformation).TokenStatus")).isEqualTo("Expired");
    }

    private static String tokenFailure(String connect, String token) {
        try {
            s.invoke(Invocation.script(connect).param("T", token).build());
            throw new AssertionError("the token was accepted");
        } catch (PowerShellErrorException e) {
            return e.error().message();
        }
    }

    @Test
    void certificateConnectionsRenewTheirTokenSilently() {
        run("Set-ExoSimulatorBehavior -TokenLifetime 00:00:02");
        run(params(CONNECT_CERT));
        String first = text("(Get-ConnectionInformation).TokenExpiryTimeUTC.ToUnixTimeMilliseconds()");
        run("Start-Sleep -Milliseconds 2300");
        assertThat(text("(Get-ConnectionInformation).TokenStatus")).isEqualTo("Expired");
        assertThat(text("(Get-EXOMailbox -ResultSize 1).Alias")).isNotEmpty();
        String second = text("(Get-ConnectionInformation).TokenExpiryTimeUTC.ToUnixTimeMilliseconds()");
        assertThat(Long.parseLong(second)).isGreaterThan(Long.parseLong(first));
        assertThat(text("(Get-ConnectionInformation).TokenStatus")).isEqualTo("Active");
    }

    @Test
    void managedIdentityOnlyWhereAzureSaysSo() {
        String connect = "Connect-ExchangeOnline -ManagedIdentity -Organization contoso.onmicrosoft.com -ShowBanner:$false";
        assertThat(failure(connect)).startsWith("ManagedIdentityCredential authentication unavailable: no managed identity endpoint was found");
        run("$env:IDENTITY_ENDPOINT = 'http://localhost:42356/msi/token'; $env:IDENTITY_HEADER = 'h'");
        assertThat(failure("Connect-ExchangeOnline -ManagedIdentity")).startsWith("The Organization parameter is required with ManagedIdentity");
        run(connect);
        assertThat(text("\"$((Get-ConnectionInformation).Organization)|$((Get-ConnectionInformation).AppId)\"")).isEqualTo("contoso.onmicrosoft.com|");
        run(connect + " -ManagedIdentityAccountId " + SimulatorFixture.OTHER_APP_ID);
        assertThat(text("(Get-ConnectionInformation | Select-Object -Last 1).AppId")).isEqualTo(SimulatorFixture.OTHER_APP_ID);
        assertThat(failure(connect + " -ManagedIdentityAccountId 99999999-0000-0000-0000-000000000000"))
                .isEqualTo("ManagedIdentityCredential authentication failed: no user-assigned managed identity with client id '99999999-0000-0000-0000-000000000000' is assigned to this host.");
        assertThat(failure(connect + " -ManagedIdentityAccountId nope")).startsWith("ManagedIdentityAccountId 'nope' is not a GUID");
    }

    @Test
    void credentialsAreCheckedAgainstTheHash() {
        String connect = "param($U, $P) Connect-ExchangeOnline -Credential ([pscredential]::new($U, (ConvertTo-SecureString $P -AsPlainText -Force))) -ShowBanner:$false";
        s.invoke(Invocation.script(connect).param("U", SimulatorFixture.USER).param("P", SimulatorFixture.USER_PASSWORD).build());
        assertThat(text("(Get-ConnectionInformation).UserPrincipalName")).isEqualTo(SimulatorFixture.USER);
        assertThat(credentialFailure(connect, SimulatorFixture.USER, "wrong")).isEqualTo("AADSTS50126: Error validating credentials due to invalid username or password.");
        assertThat(credentialFailure(connect, "nobody@contoso.onmicrosoft.com", "x")).startsWith("AADSTS50034: The user account {EUII Hidden} does not exist in the ");
        assertThat(credentialFailure(connect, SimulatorFixture.USER, "x".repeat(300))).isEqualTo("AADSTS50052: The password entered exceeds the maximum length of '256'.");
        assertThat(Files.exists(state)).isTrue();
        assertThat(readState()).doesNotContain(SimulatorFixture.USER_PASSWORD);
    }

    private static String readState() {
        try {
            return Files.readString(state);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String credentialFailure(String connect, String user, String password) {
        try {
            s.invoke(Invocation.script(connect).param("U", user).param("P", password).build());
            throw new AssertionError("signed in");
        } catch (PowerShellErrorException e) {
            return e.error().message();
        }
    }

    @Test
    void deviceCodeWaitsForApprovalAndExpires() throws Exception {
        CompletableFuture<String> code = new CompletableFuture<>();
        Pattern p = Pattern.compile("enter the code (\\w+) to authenticate");
        StreamListener listener = new StreamListener() {
            @Override
            public void onRecord(StreamRecord r) {
                Matcher m = p.matcher(r.message());
                if (r.kind() == StreamKind.INFORMATION && m.find()) {
                    code.complete(m.group(1));
                }
            }
        };
        CompletableFuture<InvocationResult> connect = CompletableFuture.supplyAsync(() -> s.invoke(
                Invocation.script("Connect-ExchangeOnline -Device -ShowBanner:$false").listener(listener).timeout(Duration.ofSeconds(60)).build()));
        String c = code.get(60, TimeUnit.SECONDS);
        List<JsonNode> approved = fx.simulator().approveDevice(state, c, null);
        assertThat(approved).extracting(n -> n.path("Code").asText()).containsExactly(c);
        connect.get(60, TimeUnit.SECONDS);
        assertThat(text("(Get-ConnectionInformation).UserPrincipalName")).isEqualTo(SimulatorFixture.USER);
        assertThatThrownBy(() -> fx.simulator().approveDevice(state, c, null)).isInstanceOf(SimulatorException.class)
                .hasMessage("No sign-in is waiting for the device code '" + c + "' in '" + state + "' (it may have expired or been approved already).");

        // Set-ExoSimulatorBehavior approves too (here from a thread of the same pwsh).
        String viaBehavior = text(String.join("\n",
                "$job = Start-ThreadJob -ArgumentList (Get-Module ExchangeOnlineManagement).Path, $env:EXO_SIMULATOR_STATE -ScriptBlock {",
                "    param($m, $s) Import-Module $m",
                "    for ($k = 0; $k -lt 300; $k++) {",
                "        $c = @((Get-ExoSimulatorInfo -State $s).PendingDeviceCodes) | Select-Object -First 1",
                "        if ($c) { Set-ExoSimulatorBehavior -State $s -ApproveDeviceCode $c -ApproveAs 'helpdesk@contoso.onmicrosoft.com'; break }",
                "        Start-Sleep -Milliseconds 100",
                "    }",
                "}",
                "Connect-ExchangeOnline -Device -ShowBanner:$false",
                "$null = $job | Wait-Job | Receive-Job",
                "(Get-ConnectionInformation | Select-Object -Last 1).UserPrincipalName"));
        assertThat(viaBehavior).isEqualTo("helpdesk@contoso.onmicrosoft.com");

        run("Set-ExoSimulatorBehavior -DeviceCodeLifetime 00:00:01");
        try {
            assertThat(failure("Connect-ExchangeOnline -Device -ShowBanner:$false"))
                    .isEqualTo("AADSTS70020: The provided value for the input parameter 'device_code' is not valid. This device code has expired.");
        } finally {
            run("Set-ExoSimulatorBehavior -DeviceCodeLifetime 00:15:00");
        }
    }

    @Test
    void connectionsAreProcessWideAcrossRunspaces() {
        Path other = home.resolve("fabrikam.json");
        run("param($S, $A, $C) $null = New-ExoSimulatorTenant -State $S -Organization fabrikam -Mailboxes 3 -App @{ AppId = $A; CertificatePath = $C }",
                "S", other.toString(), "A", SimulatorFixture.APP_ID, "C", home.resolve("app.cer").toString());
        String script = params(String.join("\n",
                CONNECT_CERT,
                "$rs = [runspacefactory]::CreateRunspace(); $rs.Open()",
                "$ps = [powershell]::Create(); $ps.Runspace = $rs",
                "$null = $ps.AddScript({ param($m, $a, $pfx, $pw, $st) $env:EXO_SIMULATOR_STATE = $st; Import-Module $m; "
                        + "Connect-ExchangeOnline -AppId $a -CertificateFilePath $pfx -CertificatePassword (ConvertTo-SecureString $pw -AsPlainText -Force) -Organization fabrikam.onmicrosoft.com -ShowBanner:$false }).AddArgument((Get-Module ExchangeOnlineManagement).Path).AddArgument($AppId).AddArgument($Pfx).AddArgument($Pw).AddArgument($X)",
                "$null = $ps.Invoke(); if ($ps.HadErrors) { $e = $ps.Streams.Error[0]; throw \"inner runspace: $($e.Exception.GetType().FullName): $($e.Exception.Message) $($e.ScriptStackTrace)\" }",
                "$rs.Dispose()",
                "\"$(@(Get-ConnectionInformation).Count)|$((Get-EXOMailbox -ResultSize 1).UserPrincipalName)|$((Get-ConnectionInformation | Where-Object ConnectionUsedForInbuiltCmdlets).Organization)\""));
        assertThat(text(script, "X", other.toString())).matches("2\\|\\w+@fabrikam\\.onmicrosoft\\.com\\|fabrikam\\.onmicrosoft\\.com");
    }

    @Test
    void faultsOnDemand() {
        run(params(CONNECT_CERT));
        run("Set-ExoSimulatorBehavior -ThrottleEvery 2 -LatencyMs 20");
        InvocationResult a = run("Get-EXOMailbox -ResultSize 1; Get-EXOMailbox -ResultSize 1 -WarningAction Continue");
        assertThat(a.records(StreamKind.WARNING)).extracting(StreamRecord::message)
                .anyMatch(m -> m.startsWith("Micro delay applied. Actual delayed: 20 msecs, Enforced: True"));
        run("Set-ExoSimulatorBehavior -ThrottleEvery 0 -TransientErrorEvery 2");
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try {
                run("Get-EXOMailbox -ResultSize 1");
                outcomes.add("ok");
            } catch (PowerShellErrorException e) {
                outcomes.add(e.error().message());
            }
        }
        assertThat(outcomes).contains("A server side error has occurred because of which the operation could not be completed. "
                + "Please try again after some time. If the problem still persists, please reach out to MS support.");
        assertThat(text("(Get-ExoSimulatorInfo).Behavior.latencyMs")).isEqualTo("20");
    }
}
