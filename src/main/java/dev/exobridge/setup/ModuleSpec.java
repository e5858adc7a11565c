package dev.exobridge.setup;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which module to install, update or check, and how. Immutable; build with {@link #of(String)}.
 *
 * <p>Defaults: any version ({@link VersionRequirement#any()}); no repository named (the setup
 * uses its repository step's; {@link ModuleManager} then needs one); scope
 * {@link ModuleScope#CURRENT_USER}; no pre-releases; the repository's own trust (an untrusted
 * repository fails rather than prompting); key command {@link #knownKeyCommand(String)}
 * ({@code Connect-ExchangeOnline} for ExchangeOnlineManagement, none for other modules).
 */
public final class ModuleSpec {
    /** The module the setup installs unless told otherwise. */
    public static final String EXCHANGE_ONLINE = "ExchangeOnlineManagement";

    private static final Map<String, String> KEY_COMMANDS = Map.of(EXCHANGE_ONLINE, "Connect-ExchangeOnline");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

    private final String name;
    private final VersionRequirement version;
    private final String repository;
    private final ModuleScope scope;
    private final String keyCommand;
    private final boolean prerelease;
    private final boolean trustRepository;

    private ModuleSpec(Builder b) {
        this.name = b.name;
        this.version = b.version;
        this.repository = b.repository;
        this.scope = b.scope;
        this.keyCommand = b.keyCommand;
        this.prerelease = b.prerelease;
        this.trustRepository = b.trustRepository;
    }

    /**
     * A builder for the module {@code name}.
     *
     * @throws IllegalArgumentException when the name is blank or holds wildcards or path characters
     */
    public static Builder of(String name) {
        return new Builder(name);
    }

    /** ExchangeOnlineManagement, any version, key command {@code Connect-ExchangeOnline}. */
    public static ModuleSpec exchangeOnline() {
        return of(EXCHANGE_ONLINE).build();
    }

    /** The command that shows a known module works ({@code Connect-ExchangeOnline} for ExchangeOnlineManagement), or {@code null}. */
    public static String knownKeyCommand(String module) {
        return KEY_COMMANDS.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(module))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** The module name. */
    public String name() {
        return name;
    }

    /** Which versions are wanted. */
    public VersionRequirement version() {
        return version;
    }

    /** The repository name, or {@code null} when none was named. */
    public String repository() {
        return repository;
    }

    /** The install scope. */
    public ModuleScope scope() {
        return scope;
    }

    /** The command that must exist after import, or {@code null} for none. */
    public String keyCommand() {
        return keyCommand;
    }

    /** Whether pre-release versions may be chosen. */
    public boolean prerelease() {
        return prerelease;
    }

    /** Whether to install even when the repository is not trusted (as {@code -TrustRepository}/{@code -Force}). */
    public boolean trustRepository() {
        return trustRepository;
    }

    /** A builder starting from this spec. */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.version = version;
        b.repository = repository;
        b.scope = scope;
        b.keyCommand = keyCommand;
        b.prerelease = prerelease;
        b.trustRepository = trustRepository;
        return b;
    }

    @Override
    public String toString() {
        return name + " " + version + (repository == null ? "" : " from " + repository) + " (" + scope.psName() + ")";
    }

    /** Builds a {@link ModuleSpec}; see the class comment for the defaults. */
    public static final class Builder {
        private final String name;
        private VersionRequirement version = VersionRequirement.any();
        private String repository;
        private ModuleScope scope = ModuleScope.CURRENT_USER;
        private String keyCommand;
        private boolean prerelease;
        private boolean trustRepository;

        private Builder(String name) {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a module name: use letters, digits, '.', '_' and '-', "
                        + "without wildcards");
            }
            this.name = name;
            this.keyCommand = knownKeyCommand(name);
        }

        /** Which versions are wanted. Default: any. */
        public Builder version(VersionRequirement version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** The registered repository to install from. Default: none named. */
        public Builder repository(String repository) {
            this.repository = repository == null || repository.isBlank() ? null : repository.trim();
            return this;
        }

        /** The install scope. Default: CurrentUser. */
        public Builder scope(ModuleScope scope) {
            this.scope = Objects.requireNonNull(scope, "scope");
            return this;
        }

        /** The command that must exist after import; {@code null} for none. Default: {@link #knownKeyCommand(String)}. */
        public Builder keyCommand(String command) {
            this.keyCommand = command == null || command.isBlank() ? null : command.trim();
            return this;
        }

        /** Whether pre-release versions may be chosen. Default: false. */
        public Builder prerelease(boolean prerelease) {
            this.prerelease = prerelease;
            return this;
        }

        /** Install even from an untrusted repository. Default: false (an untrusted repository fails with a clear error). */
        public Builder trustRepository(boolean trust) {
            this.trustRepository = trust;
            return this;
        }

        /** The spec. */
        public ModuleSpec build() {
            return new ModuleSpec(this);
        }
    }
}
