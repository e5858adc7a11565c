package dev.exobridge.setup;

import dev.exobridge.session.PwshSession;
import dev.exobridge.session.StreamListener;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Installs, updates, uninstalls and lists PowerShell modules through a session's pwsh, with
 * PSResourceGet or PowerShellGet (see {@link PackageTool}), and checks that a module imports.
 * What {@code exo-bridge module install|update|uninstall|list} runs.
 *
 * <p>Every operation is idempotent: installing what is installed, updating to the newest, or
 * uninstalling what is gone changes nothing and says so ({@code changed == false}). Before an
 * install writes anything, the package is fetched into a temporary folder, its manifest's
 * {@code PowerShellVersion} is compared with the session's pwsh, and the module folder is
 * checked; a failure at any point leaves the installed modules as they were. Errors are
 * {@link SetupException}s naming the module, version, repository or folder that was wrong.
 *
 * <p>Progress of installs (the tool's own records and exo-bridge's) reaches the listener given
 * to {@link #install} and {@link #update} as {@link dev.exobridge.session.StreamKind#PROGRESS}
 * records.
 *
 * <p>Defaults: tool {@link PackageTool#AUTO}; each call may take {@link #DEFAULT_TIMEOUT}
 * (10 minutes: a large module over a slow network). The session stays the caller's: this class
 * never closes it, and never imports a module into its runspace.
 */
public final class ModuleManager {
    /** How long one install, update, uninstall or list may take unless configured: 10 minutes. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private final ScriptRunner runner;
    private final PackageTool tool;

    /** A manager with tool {@link PackageTool#AUTO} and the default timeout. */
    public ModuleManager(PwshSession session) {
        this(session, PackageTool.AUTO, DEFAULT_TIMEOUT);
    }

    /** A manager using {@code tool}, each call limited to {@code timeout}. */
    public ModuleManager(PwshSession session, PackageTool tool, Duration timeout) {
        this(new ScriptRunner(session, timeout), tool);
    }

    ModuleManager(ScriptRunner runner, PackageTool tool) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.tool = Objects.requireNonNull(tool, "tool");
    }

    /** The tool asked for ({@link PackageTool#AUTO} is resolved by each call; the results name the tool used). */
    public PackageTool tool() {
        return tool;
    }

    /** Every installed copy of the module pwsh can load, whoever installed it, newest first; empty when none. */
    public List<InstalledModule> list(String name) {
        String n = ModuleSpec.of(name).build().name();
        return runner.all("module-list", Map.of("Name", n), InstalledModule.class);
    }

    /**
     * The newest version in the spec's repository that meets its version requirement.
     *
     * @throws SetupException when the module or such a version is not there, or the repository
     *                        cannot be used (not registered, missing folder, URL that does not answer)
     */
    public AvailableModule findNewest(ModuleSpec spec) {
        return runner.one("module-find", versionParams(spec), null, AvailableModule.class);
    }

    /**
     * Installs the newest version meeting the spec, unless an installed version already meets
     * it (then nothing changes).
     *
     * @param progress receives progress records while it runs; may be {@code null}
     * @throws SetupException naming what was wrong; nothing is half-installed
     */
    public ModuleChange install(ModuleSpec spec, StreamListener progress) {
        return change("Install", spec, progress);
    }

    /**
     * Installs the newest version in the repository that meets the spec's version requirement
     * (with {@code exactly}, that version) beside the installed ones, when it is newer than all
     * of them; otherwise nothing changes.
     *
     * @param progress receives progress records while it runs; may be {@code null}
     * @throws SetupException when the module is not installed, or naming what else was wrong
     */
    public ModuleChange update(ModuleSpec spec, StreamListener progress) {
        return change("Update", spec, progress);
    }

    /**
     * Uninstalls one version of the module from the CurrentUser and AllUsers module folders;
     * nothing happens when that version is not installed.
     *
     * @throws SetupException when the tool fails (for example when another module depends on it)
     */
    public ModuleRemoval uninstall(String name, String version) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Name", ModuleSpec.of(name).build().name());
        p.put("Tool", tool.psName());
        p.put("Version", ModuleVersion.require(version, "version"));
        return runner.one("module-uninstall", p, null, ModuleRemoval.class);
    }

    /** Uninstalls every version of the module from the CurrentUser and AllUsers module folders (none: no change). */
    public ModuleRemoval uninstallAll(String name) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Name", ModuleSpec.of(name).build().name());
        p.put("Tool", tool.psName());
        return runner.one("module-uninstall", p, null, ModuleRemoval.class);
    }

    /**
     * Imports the module in a separate runspace that is discarded afterwards, and looks for its
     * key command. An import failure is reported in the result, not thrown.
     *
     * @param version    the version to import, or {@code null} for the newest
     * @param keyCommand the command that must exist, or {@code null}
     */
    public ImportCheck checkImport(String name, String version, String keyCommand) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Name", ModuleSpec.of(name).build().name());
        p.put("Version", version == null ? null : ModuleVersion.require(version, "version"));
        p.put("KeyCommand", keyCommand);
        return runner.one("module-import", p, null, ImportCheck.class);
    }

    private ModuleChange change(String action, ModuleSpec spec, StreamListener progress) {
        Map<String, Object> p = versionParams(spec);
        p.put("Action", action);
        p.put("Scope", spec.scope().psName());
        p.put("TrustRepository", spec.trustRepository());
        return runner.one("module-install", p, progress, ModuleChange.class);
    }

    private Map<String, Object> versionParams(ModuleSpec spec) {
        if (spec.repository() == null) {
            throw new IllegalArgumentException("no repository is named for module " + spec.name()
                    + "; name one (ModuleSpec.Builder.repository), e.g. PSGallery");
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Name", spec.name());
        p.put("Repository", spec.repository());
        p.put("Tool", tool.psName());
        p.put("RequiredVersion", spec.version().required());
        p.put("MinimumVersion", spec.version().minimum());
        p.put("MaximumVersion", spec.version().maximum());
        p.put("Prerelease", spec.prerelease());
        return p;
    }
}
