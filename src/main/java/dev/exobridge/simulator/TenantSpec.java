package dev.exobridge.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a new simulated tenant holds: the parameters of {@code New-ExoSimulatorTenant}. Immutable;
 * build with {@link #builder(String)}.
 *
 * <p>Defaults: 10 mailboxes, seed {@code 1}, no apps, no users, token lifetime 60 min, device
 * codes valid 15 min, no latency, no throttling warnings, no transient errors, at most 3
 * processes connected per app (the 4th is refused), not an Azure VM, an existing state refused.
 */
public final class TenantSpec {
    /** An app registration: its id and the public certificates (.cer or .pem) it accepts. */
    public record App(String appId, List<Path> certificates) {
        public App {
            Objects.requireNonNull(appId, "appId");
            certificates = List.copyOf(certificates);
        }
    }

    /** A user who signs in with a password; the password is read from a file, only its hash is stored. */
    public record User(String userPrincipalName, Path passwordFile) {
        public User {
            Objects.requireNonNull(userPrincipalName, "userPrincipalName");
            Objects.requireNonNull(passwordFile, "passwordFile");
        }
    }

    private final Map<String, Object> parameters;

    private TenantSpec(Map<String, Object> parameters) {
        this.parameters = Map.copyOf(parameters);
    }

    /** A builder for the tenant {@code organization} ({@code contoso} or {@code contoso.onmicrosoft.com}). */
    public static Builder builder(String organization) {
        return new Builder(organization);
    }

    /** The parameters of {@code New-ExoSimulatorTenant} (without {@code -State}). */
    Map<String, Object> parameters() {
        return parameters;
    }

    /** Builds a {@link TenantSpec}. */
    public static final class Builder {
        private final Map<String, Object> p = new LinkedHashMap<>();
        private final List<Map<String, Object>> apps = new ArrayList<>();
        private final List<Map<String, Object>> users = new ArrayList<>();

        private Builder(String organization) {
            p.put("Organization", Objects.requireNonNull(organization, "organization"));
        }

        /** Generated mailboxes (deterministic from the seed). */
        public Builder mailboxes(int count) {
            p.put("Mailboxes", count);
            return this;
        }

        /** The seed of the generated names, addresses, sizes and dates. */
        public Builder seed(String seed) {
            p.put("Seed", seed);
            return this;
        }

        /** Registers an app with the public certificates it accepts. */
        public Builder app(String appId, Path... certificates) {
            List<String> certs = new ArrayList<>();
            for (Path c : certificates) {
                certs.add(c.toAbsolutePath().toString());
            }
            apps.add(Map.of("AppId", appId, "CertificatePath", certs));
            return this;
        }

        /** Adds a password user; the file holds the password (one trailing newline is ignored). */
        public Builder user(String userPrincipalName, Path passwordFile) {
            users.add(Map.of("UserPrincipalName", userPrincipalName, "PasswordFile", passwordFile.toAbsolutePath().toString()));
            return this;
        }

        /** How long a token lasts (down to seconds). */
        public Builder tokenLifetime(Duration d) {
            p.put("TokenLifetime", d);
            return this;
        }

        /** How long a device code waits for approval. */
        public Builder deviceCodeLifetime(Duration d) {
            p.put("DeviceCodeLifetime", d);
            return this;
        }

        /** Latency added to every cmdlet call. */
        public Builder latency(Duration d) {
            p.put("LatencyMs", (int) d.toMillis());
            return this;
        }

        /** The throttling warning every {@code n}th call of a connection (0: never). */
        public Builder throttleEvery(int n) {
            p.put("ThrottleEvery", n);
            return this;
        }

        /** A transient server error every {@code n}th call of a connection (0: never). */
        public Builder transientErrorEvery(int n) {
            p.put("TransientErrorEvery", n);
            return this;
        }

        /** Processes that may be connected at once for one app (or user); one more is refused. */
        public Builder maxConcurrency(int k) {
            p.put("MaxConcurrency", k);
            return this;
        }

        /** Whether the tenant says this host is an Azure VM (managed identity works without its variables). */
        public Builder azureVm(boolean on) {
            p.put("AzureVm", on);
            return this;
        }

        /** Replace an existing state (and forget its changes). */
        public Builder force(boolean on) {
            p.put("Force", on);
            return this;
        }

        /** The spec. */
        public TenantSpec build() {
            Map<String, Object> all = new LinkedHashMap<>(p);
            all.put("App", List.copyOf(apps));
            all.put("User", List.copyOf(users));
            return new TenantSpec(all);
        }
    }
}
