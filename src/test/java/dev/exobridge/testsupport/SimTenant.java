package dev.exobridge.testsupport;

import dev.exobridge.Secret;
import dev.exobridge.exchange.ExchangeAuth;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.SessionOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A simulated tenant for the Exchange tests: the simulator module (ps-scripts/exchange-simulator)
 * in a module folder of the test's own, a state file made with New-ExoSimulatorTenant, an app
 * with a real certificate (PFX + password made here, its public part registered), a user with a
 * password. Sessions see only this folder's module first on PSModulePath, and a HOME of their own.
 */
public final class SimTenant implements AutoCloseable {
    public static final String ORG = "contoso.onmicrosoft.com";
    public static final String APP_ID = "11111111-2222-3333-4444-555555555555";
    public static final String USER = "admin@contoso.onmicrosoft.com";

    public final Path dir;
    public final Path modules;
    public final Path state;
    public final Path pfx;
    public final Path otherPfx;
    public final String certPassword;
    public final String userPassword;
    public final Path certPasswordFile;
    public final Path userPasswordFile;
    /** The session simulator commands run in, started on first use; {@link #close()} ends it. */
    private PwshSession admin;

    private SimTenant(Path dir, String marker) {
        this.dir = dir;
        this.modules = dir.resolve("modules");
        this.state = dir.resolve("tenant.json");
        this.pfx = dir.resolve("app.pfx");
        this.otherPfx = dir.resolve("other.pfx");
        this.certPassword = "CertPw-" + marker;
        this.userPassword = "UserPw-" + marker;
        this.certPasswordFile = dir.resolve("cert.pw");
        this.userPasswordFile = dir.resolve("user.pw");
    }

    /**
     * A new tenant in {@code dir} with {@code mailboxes} mailboxes; the passwords hold {@code marker}.
     */
    public static SimTenant create(Path dir, String marker, int mailboxes, Map<String, Object> behavior) {
        SimTenant t = new SimTenant(dir, marker);
        t.install();
        write(t.certPasswordFile, t.certPassword);
        write(t.userPasswordFile, t.userPassword);
        try (PwshSession s = PwshSession.start(t.sessionOptions())) {
            Invocation.Builder b = Invocation.script("""
                    param($Pfx, $Other, $Cer, $Password, $State, $Org, $AppId, $User, $UserPwFile, $Mailboxes, $Behavior)
                    function New-TestCert($pfxPath, $cerPath) {
                        $rsa = [Security.Cryptography.RSA]::Create(2048)
                        $req = [Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=exo-bridge-test', $rsa,
                            [Security.Cryptography.HashAlgorithmName]::SHA256, [Security.Cryptography.RSASignaturePadding]::Pkcs1)
                        $c = $req.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddYears(1))
                        [IO.File]::WriteAllBytes($pfxPath, $c.Export('Pfx', $Password))
                        if ($cerPath) { [IO.File]::WriteAllBytes($cerPath, $c.Export('Cert')) }
                    }
                    New-TestCert $Pfx $Cer
                    New-TestCert $Other $null
                    Import-Module ExchangeOnlineManagement
                    $p = @{ State = $State; Organization = $Org; Mailboxes = $Mailboxes
                            App = @(@{ AppId = $AppId; CertificatePath = $Cer })
                            User = @(@{ UserPrincipalName = $User; PasswordFile = $UserPwFile }) }
                    foreach ($k in $Behavior.Keys) { $p[$k] = $Behavior[$k] }
                    $null = New-ExoSimulatorTenant @p -Force
                    """)
                    .param("Pfx", t.pfx.toString()).param("Other", t.otherPfx.toString())
                    .param("Cer", dir.resolve("app.cer").toString()).param("Password", t.certPassword)
                    .param("State", t.state.toString()).param("Org", ORG).param("AppId", APP_ID).param("User", USER)
                    .param("UserPwFile", t.userPasswordFile.toString()).param("Mailboxes", mailboxes)
                    .param("Behavior", behavior);
            var r = s.invoke(b.build());
            if (r.hadErrors()) {
                throw new IllegalStateException("making the tenant failed: " + r.errors());
            }
        }
        return t;
    }

    /** Session options: this tenant's module folder first on PSModulePath, its state, a HOME of its own. */
    public SessionOptions sessionOptions() {
        Path home = dir.resolve("home");
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SessionOptions.builder().pwsh(TestPwsh.pwsh())
                .environment("PSModulePath", modules.toString())
                .environment("EXO_SIMULATOR_STATE", state.toString())
                .environment("HOME", home.toString())
                .environment("XDG_CONFIG_HOME", home.resolve(".config").toString())
                .environment("XDG_DATA_HOME", home.resolve(".local/share").toString())
                .environment("XDG_CACHE_HOME", home.resolve(".cache").toString())
                .build();
    }

    /** Runs a simulator command (Set-ExoSimulatorBehavior, New-ExoSimulatorAccessToken...) and returns its output's text. */
    public synchronized String sim(String script, Map<String, Object> params) {
        if (admin == null || !admin.isReady()) {
            admin = PwshSession.start(sessionOptions());
        }
        PwshSession s = admin;
        {
            String header = params.isEmpty() ? "" : "param($" + String.join(", $", params.keySet()) + ")\n";
            Invocation.Builder b = Invocation.script(header + "Import-Module ExchangeOnlineManagement\n" + script);
            params.forEach(b::param);
            var r = s.invoke(b.build());
            if (r.hadErrors()) {
                throw new IllegalStateException(script + " failed: " + r.errors());
            }
            return r.output().isEmpty() ? null : r.output().get(0).json().asText();
        }
    }

    /** A token for the app from the simulator, valid for {@code lifetime} (a TimeSpan text such as 00:00:05). */
    public Secret token(String lifetime) {
        return Secret.of(sim("New-ExoSimulatorAccessToken -AppId $A -Lifetime ([TimeSpan]::Parse($L))",
                new java.util.TreeMap<>(Map.of("L", lifetime, "A", APP_ID))));
    }

    /** Ends the session of {@link #sim}. */
    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }

    /**
     * A token for the app made here, in Java, as the simulator's New-ExoSimulatorAccessToken makes
     * it (HS256 with the tenant's signing key from the state file): no pwsh round trip per token.
     */
    public Secret javaToken(java.time.Duration lifetime) {
        try {
            var tenant = new com.fasterxml.jackson.databind.ObjectMapper().readTree(state.toFile());
            var enc = java.util.Base64.getUrlEncoder().withoutPadding();
            long now = java.time.Instant.now().getEpochSecond();
            String header = enc.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"exo-bridge-simulator\"}"
                    .getBytes(StandardCharsets.UTF_8));
            String claims = "{\"aud\":\"https://outlook.office365.com\",\"iss\":\"https://sts.windows.net/"
                    + tenant.get("tenantId").asText() + "/\",\"tid\":\"" + tenant.get("tenantId").asText()
                    + "\",\"appid\":\"" + APP_ID + "\",\"upn\":\"\",\"iat\":" + now + ",\"nbf\":" + now + ",\"exp\":"
                    + (java.time.Instant.now().plus(lifetime).toEpochMilli() / 1000) + ",\"roles\":[\"Exchange.ManageAsApp\"]}";
            String payload = enc.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(java.util.Base64.getDecoder().decode(
                    tenant.get("signingKey").asText()), "HmacSHA256"));
            String sig = enc.encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
            return Secret.of(header + "." + payload + "." + sig);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public ExchangeAuth.CertificateFile certificateAuth() {
        return new ExchangeAuth.CertificateFile(APP_ID, ORG, pfx, Secret.of(certPassword));
    }

    private void install() {
        Path src = Path.of("ps-scripts", "exchange-simulator").toAbsolutePath();
        Path target = modules.resolve("ExchangeOnlineManagement");
        try (Stream<Path> all = Files.walk(src)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path to = target.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String marker() {
        return "M" + UUID.randomUUID().toString().replace("-", "");
    }
}
