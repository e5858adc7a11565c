package dev.exobridge.setup;

import dev.exobridge.session.PwshSession;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Registers module repositories idempotently for PSResourceGet ({@code Register-PSResourceRepository})
 * or PowerShellGet ({@code Register-PSRepository}), through a session's pwsh.
 *
 * <p>{@link #check} only reads; {@link #ensure} registers the repository, points it at the asked
 * location and trusts it when asked, changing only what differs (trust is never removed).
 * A folder must exist and a URL must answer HTTP, otherwise the state carries a {@code problem}
 * and {@code ensure} fails naming the repository.
 *
 * <p>Defaults: tool {@link PackageTool#AUTO}; each call may take {@link ModuleManager#DEFAULT_TIMEOUT}.
 */
public final class RepositoryManager {
    private final ScriptRunner runner;
    private final PackageTool tool;

    /** A manager with tool {@link PackageTool#AUTO} and the default timeout. */
    public RepositoryManager(PwshSession session) {
        this(session, PackageTool.AUTO, ModuleManager.DEFAULT_TIMEOUT);
    }

    /** A manager using {@code tool}, each call limited to {@code timeout}. */
    public RepositoryManager(PwshSession session, PackageTool tool, Duration timeout) {
        this(new ScriptRunner(session, timeout), tool);
    }

    RepositoryManager(ScriptRunner runner, PackageTool tool) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.tool = Objects.requireNonNull(tool, "tool");
    }

    /** The repository as registered now, compared with {@code spec}; changes nothing. */
    public RepositoryState check(RepositorySpec spec) {
        return runner.one("repository", params(spec, "Check"), null, RepositoryState.class);
    }

    /**
     * Makes the registration match {@code spec}; {@link RepositoryState#done()} lists what was
     * changed (empty when it already matched).
     *
     * @throws SetupException naming the repository when it cannot be used or registered
     */
    public RepositoryState ensure(RepositorySpec spec) {
        RepositoryState state = runner.one("repository", params(spec, "Apply"), null, RepositoryState.class);
        if (state.problem() != null) {
            throw new SetupException(state.problem());
        }
        return state;
    }

    private Map<String, Object> params(RepositorySpec spec, String mode) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Name", spec.name());
        p.put("Location", spec.location());
        p.put("Tool", tool.psName());
        p.put("Trust", spec.isTrusted());
        p.put("Mode", mode);
        return p;
    }
}
