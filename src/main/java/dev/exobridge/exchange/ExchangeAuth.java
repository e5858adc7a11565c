package dev.exobridge.exchange;

import dev.exobridge.Secret;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * How to sign in to Exchange Online: one type per unattended-capable mode of
 * {@code Connect-ExchangeOnline}. Each is checked here, in Java, when it is made (an
 * {@link InvalidAuthException} says what is wrong), and becomes the cmdlet's parameters as data
 * in {@link ConnectCall}; secrets travel only as {@link Secret}s, which reach pwsh as SecureStrings
 * encrypted with the session key. {@code toString()} never shows a secret.
 *
 * <p>Which to choose (docs/exchange.md): unattended jobs use a certificate
 * ({@link CertificateFile} or {@link CertificateBytes}); on Azure, {@link ManagedIdentity}; a CI job
 * that already holds a token, {@link AccessToken}.
 */
public sealed interface ExchangeAuth {
    /** The tenant this mode signs in to, or {@code null} when the sign-in decides (device code, credential). */
    String organization();

    /** The app (client) id, or {@code null} when the mode has none. */
    default String appId() {
        return null;
    }

    /** A short name of the mode, as the CLI and logs show it. */
    String mode();

    /**
     * A certificate file (PFX) and its password, for an app ({@code -AppId -CertificateFilePath
     * -CertificatePassword -Organization}). A relative path is made absolute against the JVM's
     * working directory.
     *
     * @param password the PFX's password, or {@code null} for a PFX without one
     */
    record CertificateFile(String appId, String organization, Path file, Secret password) implements ExchangeAuth {
        public CertificateFile {
            appId = Checks.appId(appId);
            organization = Checks.organization(organization, false);
            file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        }

        @Override
        public String mode() {
            return "certificate file";
        }

        @Override
        public String toString() {
            return "CertificateFile[appId=" + appId + ", organization=" + organization + ", file=" + file + "]";
        }
    }

    /**
     * A certificate's PFX bytes, for example from a vault, with its password. The certificate is
     * built inside the session with an ephemeral key set, so no key file is ever written, and
     * passed as {@code -Certificate}. The bytes travel as a {@link Secret} (their base64 text).
     *
     * @param pfxBase64 the PFX, base64-encoded; {@link #of(String, String, byte[], Secret)} encodes it
     * @param password  the PFX's password, or {@code null} for none
     */
    record CertificateBytes(String appId, String organization, Secret pfxBase64, Secret password) implements ExchangeAuth {
        public CertificateBytes {
            appId = Checks.appId(appId);
            organization = Checks.organization(organization, false);
            Objects.requireNonNull(pfxBase64, "pfxBase64");
            if (pfxBase64.length() == 0) {
                throw new InvalidAuthException("the certificate's PFX bytes are empty");
            }
        }

        /** From the raw PFX bytes (copied into a Secret; wipe your array afterwards). */
        public static CertificateBytes of(String appId, String organization, byte[] pfx, Secret password) {
            byte[] b64 = Base64.getEncoder().encode(Objects.requireNonNull(pfx, "pfx"));
            char[] chars = new char[b64.length];
            for (int i = 0; i < b64.length; i++) {
                chars[i] = (char) b64[i];
                b64[i] = 0;
            }
            Secret s = Secret.of(chars);
            java.util.Arrays.fill(chars, '\0');
            return new CertificateBytes(appId, organization, s, password);
        }

        @Override
        public String mode() {
            return "certificate bytes";
        }

        @Override
        public String toString() {
            return "CertificateBytes[appId=" + appId + ", organization=" + organization + "]";
        }
    }

    /**
     * A certificate in the Windows certificate store, by thumbprint ({@code -CertificateThumbprint}).
     * The module offers this only on Windows; elsewhere connecting refuses it before pwsh starts.
     */
    record CertificateThumbprint(String appId, String organization, String thumbprint) implements ExchangeAuth {
        private static final Pattern HEX40 = Pattern.compile("[0-9A-Fa-f]{40}");

        public CertificateThumbprint {
            appId = Checks.appId(appId);
            organization = Checks.organization(organization, false);
            if (thumbprint == null || !HEX40.matcher(thumbprint).matches()) {
                throw new InvalidAuthException("a certificate thumbprint is 40 hexadecimal digits, got '"
                        + (thumbprint == null ? "" : Checks.shown(thumbprint)) + "'");
            }
            thumbprint = thumbprint.toUpperCase(Locale.ROOT);
        }

        @Override
        public String mode() {
            return "certificate thumbprint";
        }
    }

    /**
     * An Azure managed identity ({@code -ManagedIdentity -Organization}), system-assigned when
     * {@code accountId} is {@code null}, else the user-assigned identity with that client id
     * ({@code -ManagedIdentityAccountId}). Works only on Azure hosts (Automation, VMs, Functions).
     */
    record ManagedIdentity(String organization, String accountId) implements ExchangeAuth {
        public ManagedIdentity {
            organization = Checks.organization(organization, false);
            if (accountId != null) {
                accountId = Checks.guid(accountId, "the managed identity's client id");
            }
        }

        @Override
        public String mode() {
            return accountId == null ? "managed identity (system-assigned)" : "managed identity (user-assigned)";
        }
    }

    /**
     * An access token for {@code https://outlook.office365.com/.default} from a provider the caller
     * supplies, asked again at every connect and reconnect (so a refreshed token is used). The
     * module's {@code -AccessToken} takes plain text: the token travels as a SecureString and is
     * turned into text inside pwsh just before the call. The organization may be a tenant id.
     */
    record AccessToken(String organization, Supplier<Secret> provider) implements ExchangeAuth {
        public AccessToken {
            organization = Checks.organization(organization, true);
            Objects.requireNonNull(provider, "provider");
        }

        /** The provider's current token; an empty or missing one is an authentication failure. */
        Secret token() {
            Secret t;
            try {
                t = provider.get();
            } catch (RuntimeException e) {
                throw new ExchangeAuthenticationException("the access token provider failed: " + e.getMessage(), e);
            }
            if (t == null || t.length() == 0) {
                throw new ExchangeAuthenticationException("the access token is empty: the provider gave no token", null);
            }
            return t;
        }

        @Override
        public String mode() {
            return "access token";
        }

        @Override
        public String toString() {
            return "AccessToken[organization=" + organization + "]";
        }
    }

    /**
     * The device-code flow ({@code -Device}): interactive, someone signs in elsewhere with the code.
     * The module writes its "To sign in, use a web browser..." message with Write-Host; it reaches
     * {@code messages}. Best effort: whether the real module's message reaches any stream under
     * {@code pwsh -s} is unverified (docs/exchange.md).
     *
     * @param organization the tenant, or {@code null}
     * @param messages     receives the sign-in message(s)
     */
    record DeviceCode(String organization, Consumer<String> messages) implements ExchangeAuth {
        public DeviceCode {
            if (organization != null) {
                organization = Checks.organization(organization, true);
            }
            Objects.requireNonNull(messages, "messages");
        }

        @Override
        public String mode() {
            return "device code";
        }

        @Override
        public String toString() {
            return "DeviceCode[organization=" + organization + "]";
        }
    }

    /** A user name and password ({@code -Credential}); no MFA. */
    record Credential(String user, Secret password) implements ExchangeAuth {
        private static final Pattern UPN = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

        public Credential {
            if (user == null || !UPN.matcher(user).matches()) {
                throw new InvalidAuthException("a user is a UPN such as admin@contoso.onmicrosoft.com, got '"
                        + (user == null ? "" : Checks.shown(user)) + "'");
            }
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String organization() {
            return null;
        }

        @Override
        public String mode() {
            return "credential";
        }

        @Override
        public String toString() {
            return "Credential[user=" + user + "]";
        }
    }

    /** The checks the modes share. */
    final class Checks {
        private static final Pattern ORG = Pattern.compile(
                "(?i)[a-z0-9](?:[a-z0-9-]{0,62})\\.onmicrosoft\\.(?:com|us|de)|[a-z0-9][a-z0-9-]{0,62}\\.partner\\.onmschina\\.cn");
        private static final Pattern GUID = Pattern.compile(
                "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

        private Checks() {
        }

        static String organization(String org, boolean tenantIdAllowed) {
            if (org == null || org.isBlank()) {
                throw new InvalidAuthException("an organization is needed: the tenant's primary domain, such as "
                        + "contoso.onmicrosoft.com");
            }
            String o = org.strip();
            if (ORG.matcher(o).matches()) {
                return o.toLowerCase(Locale.ROOT);
            }
            if (tenantIdAllowed && GUID.matcher(o).matches()) {
                return o.toLowerCase(Locale.ROOT);
            }
            throw new InvalidAuthException("the organization must be the tenant's primary domain, such as "
                    + "contoso.onmicrosoft.com" + (tenantIdAllowed ? ", or its tenant id (a GUID)" : "")
                    + "; got '" + shown(o) + "'");
        }

        static String appId(String id) {
            if (id == null || id.isBlank()) {
                throw new InvalidAuthException("an AppId is needed: the application (client) id of the app "
                        + "registration, a GUID");
            }
            return guid(id, "the AppId");
        }

        static String guid(String id, String what) {
            String s = id.strip();
            if (!GUID.matcher(s).matches()) {
                throw new InvalidAuthException(what + " must be a GUID such as 00000000-0000-0000-0000-000000000000, "
                        + "got '" + shown(s) + "'");
            }
            return s.toLowerCase(Locale.ROOT);
        }

        /** A value as an error message may show it: cut short and without control characters. */
        static String shown(String s) {
            String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
            return t.replaceAll("\\p{Cntrl}", "?");
        }
    }
}
