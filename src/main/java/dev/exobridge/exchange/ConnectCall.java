package dev.exobridge.exchange;

import dev.exobridge.Secret;
import dev.exobridge.scripts.PsScripts;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.StreamListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code Connect-ExchangeOnline} call as data: the cmdlet's parameters, and apart from them
 * the secrets, which a fixed script turns into what the cmdlet takes inside pwsh just before the
 * call. Nothing here is ever spliced into script text, and {@link #toString()} shows no secret.
 *
 * @param parameters the cmdlet's non-secret parameters (a switch is {@code true}); the
 *                   certificate password of a certificate file is the one secret among them, a
 *                   {@link Secret}
 * @param accessToken the token, or {@code null}
 * @param certificatePfx the PFX's base64 text, or {@code null}
 * @param certificatePassword the PFX bytes' password, or {@code null}
 * @param user the credential's user, or {@code null}
 * @param password the credential's password, or {@code null}
 */
public record ConnectCall(Map<String, Object> parameters, Secret accessToken, Secret certificatePfx,
                          Secret certificatePassword, String user, Secret password) {
    static final String SCRIPT = PsScripts.text("exchange/connect.ps1");

    public ConnectCall {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * The call for {@code auth} with {@code options}.
     *
     * @param moduleBasePath the session's temporary-module folder, passed as {@code -EXOModuleBasePath}
     *                       when {@code moduleHasBasePath}; may be {@code null}
     * @param windows        whether pwsh runs on Windows (a thumbprint works only there)
     * @throws InvalidAuthException for a thumbprint off Windows
     */
    public static ConnectCall of(ExchangeAuth auth, ExchangeOptions options, Path moduleBasePath,
                                 boolean moduleHasBasePath, boolean windows) {
        Map<String, Object> p = new LinkedHashMap<>();
        Secret token = null;
        Secret pfx = null;
        Secret pfxPassword = null;
        String user = null;
        Secret password = null;
        if (auth instanceof ExchangeAuth.CertificateFile c) {
            p.put("AppId", c.appId());
            p.put("Organization", c.organization());
            p.put("CertificateFilePath", c.file().toString());
            if (c.password() != null) {
                p.put("CertificatePassword", c.password());
            }
        } else if (auth instanceof ExchangeAuth.CertificateBytes c) {
            p.put("AppId", c.appId());
            p.put("Organization", c.organization());
            pfx = c.pfxBase64();
            pfxPassword = c.password();
        } else if (auth instanceof ExchangeAuth.CertificateThumbprint c) {
            if (!windows) {
                throw new InvalidAuthException("a certificate thumbprint works only on Windows, where the module "
                        + "reads the certificate store; elsewhere use a certificate file (--certificate-file) or "
                        + "its bytes");
            }
            p.put("AppId", c.appId());
            p.put("Organization", c.organization());
            p.put("CertificateThumbprint", c.thumbprint());
        } else if (auth instanceof ExchangeAuth.ManagedIdentity m) {
            p.put("ManagedIdentity", true);
            p.put("Organization", m.organization());
            if (m.accountId() != null) {
                p.put("ManagedIdentityAccountId", m.accountId());
            }
        } else if (auth instanceof ExchangeAuth.AccessToken t) {
            p.put("Organization", t.organization());
            token = t.token();
        } else if (auth instanceof ExchangeAuth.DeviceCode d) {
            p.put("Device", true);
            if (d.organization() != null) {
                p.put("Organization", d.organization());
            }
        } else if (auth instanceof ExchangeAuth.Credential c) {
            user = c.user();
            password = c.password();
        }
        if (options.environmentName() != null) {
            p.put("ExchangeEnvironmentName", options.environmentName());
        }
        if (options.delegatedOrganization() != null) {
            p.put("DelegatedOrganization", options.delegatedOrganization());
        }
        if (!options.commandNames().isEmpty()) {
            p.put("CommandName", options.commandNames());
        }
        if (options.pageSize() != null) {
            p.put("PageSize", options.pageSize());
        }
        if (options.prefix() != null) {
            p.put("Prefix", options.prefix());
        }
        p.put("ShowBanner", options.showBanner());
        if (options.skipLoadingFormatData()) {
            p.put("SkipLoadingFormatData", true);
        }
        if (moduleBasePath != null && moduleHasBasePath) {
            p.put("EXOModuleBasePath", moduleBasePath.toString());
        }
        return new ConnectCall(p, token, pfx, pfxPassword, user, password);
    }

    /** The invocation: the fixed connect script with these values as its parameters. */
    public Invocation invocation(Duration timeout, StreamListener listener) {
        Invocation.Builder b = Invocation.script(SCRIPT).param("Parameters", parameters);
        if (accessToken != null) {
            b.param("AccessToken", accessToken);
        }
        if (certificatePfx != null) {
            b.param("CertificatePfx", certificatePfx);
        }
        if (certificatePassword != null) {
            b.param("CertificatePassword", certificatePassword);
        }
        if (user != null) {
            b.param("User", user).param("Password", password);
        }
        // Secrets nested in output would cross the pipe as text when batched; none should come, but be sure.
        return b.batchOutput(false).timeout(timeout).listener(listener == null ? StreamListener.NONE : listener).build();
    }

    @Override
    public String toString() {
        Map<String, Object> shown = new LinkedHashMap<>();
        parameters.forEach((k, v) -> shown.put(k, v instanceof Secret ? "***" : v));
        return "Connect-ExchangeOnline " + shown + (accessToken != null ? " -AccessToken ***" : "")
                + (certificatePfx != null ? " -Certificate <PFX bytes ***>" : "")
                + (user != null ? " -Credential " + user + "/***" : "");
    }
}
