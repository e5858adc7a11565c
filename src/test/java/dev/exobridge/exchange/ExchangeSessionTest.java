package dev.exobridge.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exobridge.Secret;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.PwshSession;
import dev.exobridge.testsupport.SimTenant;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each auth mode against the simulator with real pwsh: success and its typical failure. */
class ExchangeSessionTest {
    @TempDir
    static Path tmp;
    static SimTenant tenant;
    static final ExchangeOptions SIM = ExchangeOptions.builder().allowSimulator(true).build();

    /** One pwsh for the tests that connect in a session of the caller's (connections are cheap, starts are not). */
    static PwshSession shared;

    @BeforeAll
    static void tenant() {
        tenant = SimTenant.create(tmp, SimTenant.marker(), 25, Map.of());
        shared = PwshSession.start(tenant.sessionOptions());
    }

    @AfterAll
    static void close() {
        if (shared != null) {
            shared.close();
        }
        if (tenant != null) {
            tenant.close();
        }
    }

    static ExchangeSession connect(ExchangeAuth auth) {
        return ExchangeSession.connect(shared, auth, SIM);
    }

    @Test
    void certificateFileConnectsAndRunsCmdletsAsJson() {
        Path moduleFolder;
        try (ExchangeSession x = ExchangeSession.open(tenant.sessionOptions(), tenant.certificateAuth(), SIM)) {
            ConnectionInfo c = x.connection();
            // The temporary module goes into the session's own folder (-EXOModuleBasePath), removed at close.
            moduleFolder = Path.of(c.moduleName()).getParent();
            assertThat(moduleFolder.getParent().getFileName().toString())
                    .isEqualTo("exo-bridge-exo-" + System.getProperty("user.name"));
            assertThat(moduleFolder).isDirectory();
            assertThat(c.organization()).isEqualTo(SimTenant.ORG);
            assertThat(c.appId()).isEqualTo(SimTenant.APP_ID);
            assertThat(c.tenantId()).matches("[0-9a-f-]{36}");
            assertThat(c.connectionId()).matches("[0-9a-f-]{36}");
            assertThat(c.tokenStatus()).isEqualTo("Active");
            assertThat(c.tokenExpiry()).isAfter(java.time.Instant.now());
            assertThat(x.module().simulator()).isTrue();
            List<JsonNode> boxes = x.cmdlet("Get-EXOMailbox", Map.of("ResultSize", 5));
            assertThat(boxes).hasSize(5);
            assertThat(boxes.get(0).path("UserPrincipalName").asText()).endsWith("@" + SimTenant.ORG);
            assertThat(x.session().invoke("$env:TMPDIR").output().get(0).json().asText())
                    .isEqualTo(moduleFolder.toString());
        }
        assertThat(moduleFolder).doesNotExist();
    }

    @Test
    void wrongCertificatePasswordIsAnAuthenticationFailureWithoutTheSecret() {
        String wrong = "Wrong-" + SimTenant.marker();
        var auth = new ExchangeAuth.CertificateFile(SimTenant.APP_ID, SimTenant.ORG, tenant.pfx, Secret.of(wrong));
        assertThatThrownBy(() -> connect(auth))
                .isInstanceOf(ExchangeAuthenticationException.class)
                .hasMessageContaining("password may be incorrect")
                .satisfies(e -> assertThat(e.toString()).doesNotContain(wrong));
    }

    @Test
    void aCertificateTheAppDoesNotKnowGivesItsAadstsCode() {
        var auth = new ExchangeAuth.CertificateFile(SimTenant.APP_ID, SimTenant.ORG, tenant.otherPfx,
                Secret.of(tenant.certPassword));
        assertThatThrownBy(() -> connect(auth))
                .isInstanceOfSatisfying(ExchangeAuthenticationException.class,
                        e -> assertThat(e.aadstsCode()).contains("AADSTS700027"));
    }

    @Test
    void missingCertificateFileAndUnknownAppAndWrongOrganization() {
        var missing = new ExchangeAuth.CertificateFile(SimTenant.APP_ID, SimTenant.ORG, tmp.resolve("nope.pfx"),
                Secret.of(tenant.certPassword));
        assertThatThrownBy(() -> connect(missing))
                .isInstanceOf(ExchangeAuthenticationException.class).hasMessageContaining("nope.pfx");
        var unknownApp = new ExchangeAuth.CertificateFile("99999999-2222-3333-4444-555555555555", SimTenant.ORG,
                tenant.pfx, Secret.of(tenant.certPassword));
        assertThatThrownBy(() -> connect(unknownApp))
                .isInstanceOfSatisfying(ExchangeAuthenticationException.class,
                        e -> assertThat(e.aadstsCode()).contains("AADSTS700016"));
        var wrongOrg = new ExchangeAuth.CertificateFile(SimTenant.APP_ID, "fabrikam.onmicrosoft.com", tenant.pfx,
                Secret.of(tenant.certPassword));
        assertThatThrownBy(() -> connect(wrongOrg))
                .isInstanceOfSatisfying(ExchangeAuthenticationException.class,
                        e -> assertThat(e.aadstsCode()).contains("AADSTS90002"));
    }

    @Test
    void certificateBytesAreBuiltInsideTheSession() throws Exception {
        byte[] pfx = java.nio.file.Files.readAllBytes(tenant.pfx);
        var auth = ExchangeAuth.CertificateBytes.of(SimTenant.APP_ID, SimTenant.ORG, pfx, Secret.of(tenant.certPassword));
        try (ExchangeSession x = connect(auth)) {
            assertThat(x.connection().appId()).isEqualTo(SimTenant.APP_ID);
        }
        var wrong = ExchangeAuth.CertificateBytes.of(SimTenant.APP_ID, SimTenant.ORG, pfx, Secret.of("nope-nope"));
        assertThatThrownBy(() -> connect(wrong))
                .isInstanceOf(ExchangeAuthenticationException.class).hasMessageContaining("password");
    }

    @Test
    void accessTokenFromAProviderAndAnExpiredOne() {
        try (ExchangeSession x = connect(
                new ExchangeAuth.AccessToken(SimTenant.ORG, () -> tenant.token("01:00:00")))) {
            assertThat(x.connection().tokenExpiry()).isAfter(java.time.Instant.now().plusSeconds(3000));
        }
        Secret expired = tenant.token("-00:01:00");
        assertThatThrownBy(() -> connect(
                new ExchangeAuth.AccessToken(SimTenant.ORG, () -> expired)))
                .isInstanceOf(ExchangeAuthenticationException.class).hasMessageContaining("expired");
        assertThatThrownBy(() -> connect(
                new ExchangeAuth.AccessToken(SimTenant.ORG, () -> Secret.of(""))))
                .isInstanceOf(ExchangeAuthenticationException.class).hasMessageContaining("empty");
    }

    @Test
    void credentialAndItsWrongPassword() {
        try (ExchangeSession x = connect(
                new ExchangeAuth.Credential(SimTenant.USER, Secret.of(tenant.userPassword)))) {
            assertThat(x.connection().userPrincipalName()).isEqualTo(SimTenant.USER);
        }
        assertThatThrownBy(() -> connect(
                new ExchangeAuth.Credential(SimTenant.USER, Secret.of("not-it"))))
                .isInstanceOfSatisfying(ExchangeAuthenticationException.class,
                        e -> assertThat(e.aadstsCode()).contains("AADSTS50126"));
    }

    @Test
    void managedIdentityOnlyOnAzure() {
        var mi = new ExchangeAuth.ManagedIdentity(SimTenant.ORG, null);
        assertThatThrownBy(() -> connect(mi))
                .isInstanceOf(ExchangeAuthenticationException.class).hasMessageContaining("managed identity");
        shared.invoke("$env:IDENTITY_ENDPOINT = 'http://127.0.0.1:1/'; $env:IDENTITY_HEADER = 'h'");
        try {
            try (ExchangeSession x = connect(mi)) {
                assertThat(x.connection().organization()).isEqualTo(SimTenant.ORG);
            }
            try (ExchangeSession x = connect(new ExchangeAuth.ManagedIdentity(SimTenant.ORG, SimTenant.APP_ID))) {
                assertThat(x.connection().appId()).isEqualTo(SimTenant.APP_ID);
            }
        } finally {
            shared.invoke("Remove-Item Env:IDENTITY_ENDPOINT, Env:IDENTITY_HEADER");
        }
    }

    @Test
    void deviceCodeMessageReachesTheHandlerAndTheSignInCompletesOnceApproved() {
        List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        var approved = new java.util.concurrent.CompletableFuture<Void>();
        var auth = new ExchangeAuth.DeviceCode(null, m -> {
            messages.add(m);
            // Someone signs in elsewhere: here, the simulator's approval from another pwsh.
            java.util.concurrent.CompletableFuture.runAsync(() -> {
                tenant.sim("$null = Approve-ExoSimulatorDevice", Map.of());
                approved.complete(null);
            });
        });
        try (ExchangeSession x = connect(auth)) {
            assertThat(messages).singleElement().asString().contains("https://microsoft.com/devicelogin")
                    .contains("enter the code");
            assertThat(x.connection().userPrincipalName()).isEqualTo(SimTenant.USER);
        }
        assertThat(approved).isDone();
    }

    @Test
    void aDebuggingTranscriptHoldsNoSecret() throws Exception {
        Path transcript = tmp.resolve("transcript");
        var options = tenant.sessionOptions().toBuilder().transcriptDirectory(transcript).build();
        Secret token = tenant.token("01:00:00");
        String tokenText = new String(token.reveal());
        try (PwshSession s = PwshSession.start(options)) {
            try (ExchangeSession x = ExchangeSession.connect(s, tenant.certificateAuth(), SIM)) {
                assertThat(x.connection()).isNotNull();
            }
            try (ExchangeSession x = ExchangeSession.connect(s, new ExchangeAuth.AccessToken(SimTenant.ORG, () -> token),
                    SIM)) {
                assertThat(x.connection()).isNotNull();
            }
            try (ExchangeSession x = ExchangeSession.connect(s, new ExchangeAuth.Credential(SimTenant.USER,
                    Secret.of(tenant.userPassword)), SIM)) {
                assertThat(x.connection()).isNotNull();
            }
        }
        List<Path> files;
        try (var all = java.nio.file.Files.list(transcript)) {
            files = all.toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            String text = java.nio.file.Files.readString(f);
            assertThat(text).isNotEmpty().doesNotContain(tenant.certPassword).doesNotContain(tenant.userPassword)
                    .doesNotContain(tokenText);
            // The packets are base64; the secrets must not be there in that form either (the user's
            // name, sent as plain data, is: the decoding reads what was sent).
            if (f.getFileName().toString().startsWith("client")) {
                assertThat(decodedPackets(text)).contains(SimTenant.USER);
            }
            for (String secret : List.of(tenant.certPassword, tenant.userPassword)) {
                assertThat(decodedPackets(text)).doesNotContain(secret);
            }
        }
    }

    /** The transcript's packet bodies, decoded from base64, as text (UTF-8 and UTF-16LE). */
    private static String decodedPackets(String transcript) {
        StringBuilder sb = new StringBuilder();
        var m = java.util.regex.Pattern.compile(">([A-Za-z0-9+/=]{8,})<").matcher(transcript);
        while (m.find()) {
            byte[] b = java.util.Base64.getDecoder().decode(m.group(1));
            sb.append(new String(b, java.nio.charset.StandardCharsets.UTF_8));
            sb.append(new String(b, java.nio.charset.StandardCharsets.UTF_16LE));
        }
        return sb.toString();
    }

    @Test
    void theSimulatorIsRefusedUnlessAskedFor() {
        assertThatThrownBy(() -> ExchangeSession.connect(shared, tenant.certificateAuth(), ExchangeOptions.defaults()))
                .isInstanceOf(ExchangeModuleException.class).hasMessageContaining("simulator");
    }

    @Test
    void aMissingModuleIsAPrerequisiteError() {
        var none = tenant.sessionOptions().toBuilder().environment("PSModulePath", tmp.resolve("empty").toString())
                .build();
        assertThatThrownBy(() -> ExchangeSession.open(none, tenant.certificateAuth(), SIM))
                .isInstanceOf(ExchangeModuleException.class).hasMessageContaining("not installed");
    }

    @Test
    void aLostConnectionIsRenewedBeforeTheNextCall() {
        try (ExchangeSession x = connect(tenant.certificateAuth())) {
            x.disconnect();
            assertThatThrownBy(() -> x.session().invoke(Invocation.command("Get-EXOMailbox").build()))
                    .hasMessageContaining("You must call Connect-ExchangeOnline");
            assertThat(x.invoke(Invocation.command("Get-EXOMailbox").param("ResultSize", 2).build()).output())
                    .hasSize(2);
            assertThat(x.reconnects()).isEqualTo(1);
        }
    }

    @Test
    void closeDisconnectsAndLeavesTheCallersSessionOpen() {
        ExchangeSession x = connect(tenant.certificateAuth());
        x.close();
        assertThat(shared.isReady()).isTrue();
        assertThat(shared.invoke(Invocation.command("Get-ConnectionInformation").build()).output()).isEmpty();
        assertThatThrownBy(() -> x.invoke(Invocation.command("Get-EXOMailbox").build()))
                .isInstanceOf(IllegalStateException.class);
    }
}
