package dev.exobridge.cli;

import dev.exobridge.Secret;
import dev.exobridge.exchange.ExchangeAuth;
import dev.exobridge.exchange.ExchangeOptions;
import dev.exobridge.exchange.SecretEnvironment;
import dev.exobridge.pwsh.PwshEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * The Exchange Online auth options, shared by {@code connect} and {@code run}. No flag takes a
 * secret's value: secrets come from files ({@code FILE} or {@code -} for stdin), the
 * {@code EXOBRIDGE_*} variables ({@link SecretEnvironment}), or a profile's references. Where
 * several give a value: the flag, then the environment, then the profile.
 */
final class AuthOptions {
    @Option(names = "--organization", paramLabel = "ORG",
            description = "The tenant's primary domain, e.g. contoso.onmicrosoft.com (a tenant id with an access token).")
    String organization;

    @Option(names = "--app-id", paramLabel = "ID", description = "The app registration's application (client) id, a GUID.")
    String appId;

    @Option(names = "--certificate-file", paramLabel = "FILE.pfx",
            description = "Sign in as the app with this certificate (PFX); its password from "
                    + "--certificate-password-file or $EXOBRIDGE_CERTIFICATE_PASSWORD(_FILE).")
    Path certificateFile;

    @Option(names = "--certificate-password-file", paramLabel = "FILE|-",
            description = "The file holding the certificate's password; '-' reads it from stdin.")
    String certificatePasswordFile;

    @Option(names = "--certificate-thumbprint", paramLabel = "HEX",
            description = "Sign in as the app with a certificate from the Windows certificate store (Windows only).")
    String certificateThumbprint;

    @Option(names = "--managed-identity", description = "Sign in with the Azure managed identity (on Azure hosts only).")
    boolean managedIdentity;

    @Option(names = "--managed-identity-id", paramLabel = "ID",
            description = "The client id of a user-assigned managed identity (with --managed-identity).")
    String managedIdentityId;

    @Option(names = "--access-token-file", paramLabel = "FILE|-",
            description = "Sign in with the access token in this file, read again at each reconnect (so a token a "
                    + "sidecar refreshes works); '-' reads it once from stdin. Also $EXOBRIDGE_ACCESS_TOKEN(_FILE).")
    String accessTokenFile;

    @Option(names = "--device", description = "Sign in interactively with a device code (the message goes to stderr).")
    boolean device;

    @Option(names = "--user", paramLabel = "UPN",
            description = "Sign in as this user (no MFA); the password from --password-file or $EXOBRIDGE_PASSWORD(_FILE).")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE|-", description = "The file holding the user's password; '-' reads stdin.")
    String passwordFile;

    @Option(names = "--exchange-environment", paramLabel = "NAME",
            description = "O365Default (default), O365GermanyCloud, O365China, O365USGovGCCHigh or O365USGovDoD.")
    String exchangeEnvironment;

    @Option(names = "--delegated-organization", paramLabel = "ORG",
            description = "The customer tenant to manage (partners).")
    String delegatedOrganization;

    @Option(names = "--command-name", paramLabel = "NAME[,NAME...]", split = ",",
            description = "Load only these cmdlets (less memory and a faster connect).")
    List<String> commandNames;

    @Option(names = "--profile", paramLabel = "NAME", description = "Take these options from a named profile.")
    String profile;

    @Option(names = "--profiles", paramLabel = "FILE",
            description = "The profiles file. Default: $XDG_CONFIG_HOME/exo-bridge/profiles.json, else "
                    + "~/.config/exo-bridge/profiles.json.")
    Path profilesFile;

    /** Variables a profile's {@code env:NAME} references read: removed from pwsh's environment too. */
    private final Set<String> referencedVariables = new LinkedHashSet<>();
    private Map<String, String> loadedProfile;
    private String profileName = "the profile";

    /**
     * Whether any auth option or a profile was given (so {@code run} connects first); the mode may
     * then come from the environment, e.g. {@code --organization} with {@code $EXOBRIDGE_ACCESS_TOKEN}.
     */
    boolean given() {
        return organization != null || appId != null || certificateFile != null || certificatePasswordFile != null
                || certificateThumbprint != null || managedIdentity || managedIdentityId != null
                || accessTokenFile != null || device || user != null || passwordFile != null
                || exchangeEnvironment != null || delegatedOrganization != null || commandNames != null
                || profile != null || profilesFile != null;
    }

    /** The secret variables to remove from pwsh's environment: the EXOBRIDGE_* ones and those a profile named. */
    List<String> secretVariables() {
        List<String> names = new ArrayList<>(SecretEnvironment.NAMES);
        names.addAll(referencedVariables);
        return names;
    }

    /** Whether a secret option reads stdin ({@code FILE} given as {@code -}): then the script gets no $input. */
    boolean readsStdin() {
        return stdinReads() > 0;
    }

    private long stdinReads() {
        return Arrays.asList(certificatePasswordFile, accessTokenFile, passwordFile).stream().filter("-"::equals).count();
    }

    /**
     * The auth mode these options describe.
     *
     * @param stdinTaken whether something else already reads stdin ({@code -c -}): at most one input may
     * @param deviceMessages where the device-code message goes
     * @throws UsageException for no mode, several, a missing part, or two inputs from {@code -}
     */
    ExchangeAuth auth(CliIo io, boolean stdinTaken, java.util.function.Consumer<String> deviceMessages) {
        PwshEnvironment env = io.environment();
        Map<String, String> p = profile(env);
        String org = pick(organization, p.get("organization"));
        String app = pick(appId, p.get("appId"));
        String certFile = pick(certificateFile == null ? null : certificateFile.toString(), p.get("certificateFile"));
        String thumb = pick(certificateThumbprint, p.get("certificateThumbprint"));
        boolean mi = managedIdentity || Boolean.parseBoolean(p.get("managedIdentity"));
        String miId = pick(managedIdentityId, p.get("managedIdentityId"));
        boolean dev = device || Boolean.parseBoolean(p.get("device"));
        String upn = pick(user, p.get("user"));
        boolean tokenGiven = accessTokenFile != null || p.containsKey("accessToken");
        long dashes = stdinReads() + (stdinTaken ? 1 : 0);
        if (dashes > 1) {
            throw new UsageException("at most one input can be read from '-' (stdin); " + dashes + " were asked for "
                    + "(a script from -c - counts): give the others as files");
        }
        List<String> modes = new ArrayList<>();
        if (certFile != null) {
            modes.add("--certificate-file");
        }
        if (thumb != null) {
            modes.add("--certificate-thumbprint");
        }
        if (mi) {
            modes.add("--managed-identity");
        }
        if (tokenGiven) {
            modes.add("--access-token-file");
        }
        if (dev) {
            modes.add("--device");
        }
        if (upn != null) {
            modes.add("--user");
        }
        if (modes.isEmpty() && (env.variable(SecretEnvironment.ACCESS_TOKEN).isPresent()
                || env.variable(SecretEnvironment.ACCESS_TOKEN + "_FILE").isPresent())) {
            modes.add("--access-token-file");
            tokenGiven = true;
        }
        if (modes.isEmpty()) {
            throw new UsageException("no way to sign in was given: use --certificate-file (with --app-id and "
                    + "--organization), --certificate-thumbprint, --managed-identity, --access-token-file, --device, "
                    + "--user, or --profile");
        }
        if (modes.size() > 1) {
            throw new UsageException("give one way to sign in, not " + String.join(" and ", modes));
        }
        if (miId != null && !mi) {
            throw new UsageException("--managed-identity-id goes with --managed-identity");
        }
        if (certFile != null) {
            return new ExchangeAuth.CertificateFile(app, org, Path.of(certFile),
                    secret(certificatePasswordFile, "--certificate-password-file", SecretEnvironment.CERTIFICATE_PASSWORD,
                            p.get("certificatePassword"), io, false, "certificatePassword"));
        }
        if (thumb != null) {
            return new ExchangeAuth.CertificateThumbprint(app, org, thumb);
        }
        if (mi) {
            return new ExchangeAuth.ManagedIdentity(org, miId);
        }
        if (tokenGiven) {
            return new ExchangeAuth.AccessToken(org, tokenProvider(p.get("accessToken"), io));
        }
        if (dev) {
            return new ExchangeAuth.DeviceCode(org, deviceMessages);
        }
        Secret pw = secret(passwordFile, "--password-file", SecretEnvironment.PASSWORD, p.get("password"), io, true,
                "password");
        return new ExchangeAuth.Credential(upn, pw);
    }

    /** The connection options these flags (and the profile) give, on top of {@code base}. */
    ExchangeOptions.Builder options(ExchangeOptions.Builder base, CliIo io) {
        Map<String, String> p = profile(io.environment());
        String envName = pick(exchangeEnvironment, p.get("exchangeEnvironment"));
        String delegated = pick(delegatedOrganization, p.get("delegatedOrganization"));
        List<String> names = commandNames != null ? commandNames
                : p.containsKey("commandName") ? Arrays.asList(p.get("commandName").split(",")) : null;
        base.environmentName(envName).delegatedOrganization(delegated);
        if (names != null) {
            base.commandNames(names);
        }
        return base;
    }

    private Map<String, String> profile(PwshEnvironment env) {
        if (profile == null) {
            if (profilesFile != null) {
                throw new UsageException("--profiles names the profiles file; give --profile NAME too");
            }
            return Map.of();
        }
        if (loadedProfile == null) {
            Path file = profilesFile != null ? profilesFile : Profiles.defaultFile(env);
            loadedProfile = Profiles.load(file, profile);
            profileName = "profile '" + profile + "' in " + file;
            loadedProfile.values().stream().filter(v -> v.startsWith("env:"))
                    .forEach(v -> referencedVariables.add(v.substring(4)));
        }
        return loadedProfile;
    }

    private static String pick(String flag, String fromProfile) {
        return flag != null ? flag : fromProfile;
    }

    private Secret secret(String flagFile, String flag, String variable, String profileRef, CliIo io, boolean required,
                          String profileKey) {
        PwshEnvironment env = io.environment();
        if (flagFile != null) {
            return "-".equals(flagFile) ? SecretFiles.readStdin(io.in(), flag) : SecretFiles.read(Path.of(flagFile), flag);
        }
        if (env.variable(variable + "_FILE").isPresent()) {
            return SecretFiles.read(Path.of(env.variable(variable + "_FILE").get()), "$" + variable + "_FILE");
        }
        if (env.variable(variable).isPresent()) {
            return Secret.of(env.variable(variable).get());
        }
        if (profileRef != null) {
            return reference(profileRef, env, profileName + ": " + profileKey);
        }
        if (required) {
            throw new UsageException("the password is missing: give " + flag + " FILE|-, or set $" + variable
                    + " or $" + variable + "_FILE");
        }
        return null;
    }

    private static Secret reference(String ref, PwshEnvironment env, String what) {
        if (ref.startsWith("file:")) {
            return SecretFiles.read(Path.of(ref.substring(5)), what + " file:");
        }
        String name = ref.substring(4);
        return Secret.of(env.variable(name).orElseThrow(() -> new UsageException(what + " env:" + name
                + " names a variable that is not set")));
    }

    private Supplier<Secret> tokenProvider(String profileRef, CliIo io) {
        PwshEnvironment env = io.environment();
        if (accessTokenFile != null) {
            if ("-".equals(accessTokenFile)) {
                Secret once = SecretFiles.readStdin(io.in(), "--access-token-file");
                return () -> once;
            }
            Path f = Path.of(accessTokenFile);
            SecretFiles.checkMode(f, "--access-token-file");
            return () -> SecretFiles.read(f, "--access-token-file"); // read again at each (re)connect
        }
        if (env.variable(SecretEnvironment.ACCESS_TOKEN + "_FILE").isPresent()) {
            Path f = Path.of(env.variable(SecretEnvironment.ACCESS_TOKEN + "_FILE").get());
            SecretFiles.checkMode(f, "$" + SecretEnvironment.ACCESS_TOKEN + "_FILE");
            return () -> SecretFiles.read(f, "$" + SecretEnvironment.ACCESS_TOKEN + "_FILE");
        }
        if (env.variable(SecretEnvironment.ACCESS_TOKEN).isPresent()) {
            String v = env.variable(SecretEnvironment.ACCESS_TOKEN).get();
            return () -> Secret.of(v);
        }
        if (profileRef != null) {
            if (profileRef.startsWith("file:")) {
                Path f = Path.of(profileRef.substring(5));
                String what = profileName + ": accessToken file:";
                SecretFiles.checkMode(f, what);
                return () -> SecretFiles.read(f, what);
            }
            Secret s = reference(profileRef, env, profileName + ": accessToken");
            return () -> s;
        }
        throw new UsageException("no access token: give --access-token-file FILE|-, or set $"
                + SecretEnvironment.ACCESS_TOKEN + " or $" + SecretEnvironment.ACCESS_TOKEN + "_FILE");
    }
}
