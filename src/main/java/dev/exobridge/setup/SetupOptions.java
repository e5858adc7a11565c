package dev.exobridge.setup;

import dev.exobridge.pwsh.PwshEnvironment;
import dev.exobridge.pwsh.PwshVersion;
import dev.exobridge.session.SessionOptions;
import dev.exobridge.session.StreamListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link Setup} run checks and brings about. Immutable; build with {@link #builder()}.
 *
 * <p>Defaults:
 * <ul>
 *   <li>pwsh: found by discovery ({@link dev.exobridge.pwsh.PwshLocator}; environment
 *       {@link PwshEnvironment#system()}); no archive, so nothing is ever downloaded; the
 *       installer's defaults ({@link PwshInstaller}) when an archive is given; required version:
 *       for ExchangeOnlineManagement what
 *       {@link PwshRequirements} says its chosen version needs; for other modules what the installed
 *       manifest declares ({@code PowerShellVersion}); never below {@link PwshRequirements#MINIMUM_PWSH}</li>
 *   <li>session: {@link SessionOptions#defaults()} (its pwsh is replaced by the one found)</li>
 *   <li>execution policy: {@link ExecutionPolicy#REMOTE_SIGNED} for {@link PolicyScope#CURRENT_USER} (Windows only)</li>
 *   <li>WinRM: reported only; {@code winrm quickconfig} not run</li>
 *   <li>repository: {@link RepositorySpec#gallery()} (PSGallery, not trusted)</li>
 *   <li>module: {@link ModuleSpec#exchangeOnline()} (any version, CurrentUser), installed from the
 *       repository above unless the spec names another; not updated</li>
 *   <li>package tool: {@link PackageTool#AUTO}</li>
 *   <li>progress listener: none; time per PowerShell call: {@link ModuleManager#DEFAULT_TIMEOUT}</li>
 * </ul>
 */
public final class SetupOptions {
    private final Path pwsh;
    private final PwshEnvironment environment;
    private final PwshArchive pwshArchive;
    private final PwshInstaller installer;
    private final PwshVersion requiredPwsh;
    private final SessionOptions sessionOptions;
    private final ExecutionPolicy executionPolicy;
    private final PolicyScope policyScope;
    private final boolean winrmQuickConfig;
    private final RepositorySpec repository;
    private final ModuleSpec module;
    private final boolean updateModule;
    private final PackageTool tool;
    private final StreamListener listener;
    private final Duration callTimeout;

    private SetupOptions(Builder b) {
        this.pwsh = b.pwsh;
        this.environment = b.environment;
        this.pwshArchive = b.pwshArchive;
        this.installer = b.installer != null ? b.installer : PwshInstaller.builder().environment(b.environment).build();
        this.requiredPwsh = b.requiredPwsh;
        this.sessionOptions = b.sessionOptions;
        this.executionPolicy = b.executionPolicy;
        this.policyScope = b.policyScope;
        this.winrmQuickConfig = b.winrmQuickConfig;
        this.repository = b.repository;
        this.module = b.module;
        this.updateModule = b.updateModule;
        this.tool = b.tool;
        this.listener = b.listener;
        this.callTimeout = b.callTimeout;
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults. */
    public static SetupOptions defaults() {
        return builder().build();
    }

    /** The pwsh to use instead of discovery, or {@code null}. */
    public Path pwsh() {
        return pwsh;
    }

    /** What discovery reads (environment variables, OS, home). */
    public PwshEnvironment environment() {
        return environment;
    }

    /** The archive to install pwsh from, or {@code null} (then nothing is installed or downloaded). */
    public PwshArchive pwshArchive() {
        return pwshArchive;
    }

    /** The installer used for {@link #pwshArchive()}. */
    public PwshInstaller installer() {
        return installer;
    }

    /** The required pwsh version set by the caller, or {@code null} for what the module needs (see {@link PwshRequirements}). */
    public PwshVersion requiredPwsh() {
        return requiredPwsh;
    }

    /** Options of the session the steps run in. */
    public SessionOptions sessionOptions() {
        return sessionOptions;
    }

    /** The execution policy wanted (Windows). */
    public ExecutionPolicy executionPolicy() {
        return executionPolicy;
    }

    /** The scope it is set for. */
    public PolicyScope policyScope() {
        return policyScope;
    }

    /** Whether to run {@code winrm quickconfig} when WinRM is not configured (Windows). */
    public boolean winrmQuickConfig() {
        return winrmQuickConfig;
    }

    /** The repository to register. */
    public RepositorySpec repository() {
        return repository;
    }

    /** The module to install, or {@code null} for none (the module step is then skipped). */
    public ModuleSpec module() {
        return module;
    }

    /** Whether to update the module to the newest version the repository has. */
    public boolean updateModule() {
        return updateModule;
    }

    /** The package tool. */
    public PackageTool tool() {
        return tool;
    }

    /** Receives progress and other records while steps run, or {@code null}. */
    public StreamListener listener() {
        return listener;
    }

    /** How long one PowerShell call of a step may take. */
    public Duration callTimeout() {
        return callTimeout;
    }

    /** Builds {@link SetupOptions}; see the class comment for the defaults. */
    public static final class Builder {
        private Path pwsh;
        private PwshEnvironment environment = PwshEnvironment.system();
        private PwshArchive pwshArchive;
        private PwshInstaller installer;
        private PwshVersion requiredPwsh;
        private SessionOptions sessionOptions = SessionOptions.defaults();
        private ExecutionPolicy executionPolicy = ExecutionPolicy.REMOTE_SIGNED;
        private PolicyScope policyScope = PolicyScope.CURRENT_USER;
        private boolean winrmQuickConfig;
        private RepositorySpec repository = RepositorySpec.gallery();
        private ModuleSpec module = ModuleSpec.exchangeOnline();
        private boolean updateModule;
        private PackageTool tool = PackageTool.AUTO;
        private StreamListener listener;
        private Duration callTimeout = ModuleManager.DEFAULT_TIMEOUT;

        private Builder() {
        }

        /** Use this pwsh instead of discovery (it must be usable). Default: discovery. */
        public Builder pwsh(Path executable) {
            this.pwsh = executable;
            return this;
        }

        /** What discovery and the installer's default folders read. Default: {@link PwshEnvironment#system()}. */
        public Builder environment(PwshEnvironment environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** Install pwsh from this archive unless the installed one came from it. Default: none. */
        public Builder pwshArchive(PwshArchive archive) {
            this.pwshArchive = archive;
            return this;
        }

        /** The installer for {@link #pwshArchive}. Default: {@code PwshInstaller.builder().environment(environment).build()}. */
        public Builder installer(PwshInstaller installer) {
            this.installer = installer;
            return this;
        }

        /** Require at least this pwsh. Default: what the module needs ({@link PwshRequirements}). */
        public Builder requiredPwsh(PwshVersion version) {
            this.requiredPwsh = version;
            return this;
        }

        /** Options for the session the steps run in (environment, working directory, ...). Default: the defaults. */
        public Builder sessionOptions(SessionOptions options) {
            this.sessionOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /** The execution policy wanted on Windows. Default: RemoteSigned. */
        public Builder executionPolicy(ExecutionPolicy policy) {
            this.executionPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The scope the policy is set for. Default: CurrentUser. */
        public Builder policyScope(PolicyScope scope) {
            this.policyScope = Objects.requireNonNull(scope, "scope");
            return this;
        }

        /** Run {@code winrm quickconfig} when WinRM is not configured (Windows; legacy remote PowerShell only). Default: false. */
        public Builder winrmQuickConfig(boolean run) {
            this.winrmQuickConfig = run;
            return this;
        }

        /** The repository to register. Default: PSGallery, not trusted. */
        public Builder repository(RepositorySpec repository) {
            this.repository = Objects.requireNonNull(repository, "repository");
            return this;
        }

        /** The module to install; {@code null} for none. Default: ExchangeOnlineManagement. */
        public Builder module(ModuleSpec module) {
            this.module = module;
            return this;
        }

        /** Update the module to the newest version the repository has (within its requirement). Default: false. */
        public Builder updateModule(boolean update) {
            this.updateModule = update;
            return this;
        }

        /** The package tool. Default: AUTO. */
        public Builder tool(PackageTool tool) {
            this.tool = Objects.requireNonNull(tool, "tool");
            return this;
        }

        /** Receives progress (and other) records while the steps run. Default: none. */
        public Builder listener(StreamListener listener) {
            this.listener = listener;
            return this;
        }

        /** How long one PowerShell call may take. Default: 10 minutes. */
        public Builder callTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the call timeout must be positive, got " + timeout);
            }
            this.callTimeout = timeout;
            return this;
        }

        /** The options. */
        public SetupOptions build() {
            return new SetupOptions(this);
        }
    }
}
