package dev.exobridge.cli;

import dev.exobridge.session.PwshSession;
import dev.exobridge.setup.ModuleManager;
import dev.exobridge.setup.PackageTool;
import dev.exobridge.setup.RepositoryManager;
import dev.exobridge.setup.RepositoryState;
import dev.exobridge.setup.SetupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pwsh session for a {@code module} command, with the library's managers on it. The
 * session is started with the global options (the chosen pwsh) and closed at the end.
 */
final class ModuleSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleSession.class);

    private final PwshSession session;
    private final ModuleOptions options;
    private final ModuleManager modules;

    /** Reads the options first (a usage error starts no pwsh), then starts the session. */
    ModuleSession(ExoBridgeCommand root, ModuleOptions options) {
        this.options = options;
        PackageTool tool = options.tool();
        options.repositoryArg();
        this.session = PwshSession.start(root.sessionOptions());
        this.modules = new ModuleManager(session, tool, ModuleManager.DEFAULT_TIMEOUT);
    }

    /** The module manager. */
    ModuleManager modules() {
        return modules;
    }

    /**
     * The repository's name, after registering it when {@code --repository} gave a folder or a
     * URL (idempotent: an identical registration is left alone).
     */
    String repository(Reporter reporter) {
        RepositoryArg arg = options.repositoryArg();
        if (arg.location() != null) {
            RepositoryManager repositories = new RepositoryManager(session, options.tool(), ModuleManager.DEFAULT_TIMEOUT);
            RepositoryState before = repositories.check(arg.location());
            if (before.problem() != null) {
                throw new SetupException(before.problem());
            }
            if (!options.trust && !before.registered()) {
                // Registering it untrusted would only leave a repository behind: the install then
                // stops at PowerShell's untrusted-repository question and fails.
                throw new SetupException("--repository " + options.repository + " is not registered, and a repository "
                        + "registered without trust cannot be installed from without a question. Add --trust to register "
                        + before.location() + " as trusted and install from it; nothing was registered.");
            }
            RepositoryState state = repositories.ensure(arg.location().trusted(options.trust));
            if (!state.done().isEmpty()) {
                reporter.note("repository " + arg.name() + ": " + String.join("; ", state.done()));
            }
            LOG.debug("repository {}: {}", arg.name(), state);
            // The location may be registered already under another name: that one is used.
            return state.name();
        }
        return arg.name();
    }

    @Override
    public void close() {
        session.close();
    }
}
