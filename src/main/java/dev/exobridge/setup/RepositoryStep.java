package dev.exobridge.setup;

/**
 * Repository: the PowerShell Gallery, a repository already registered (by name), or a named
 * folder or URL repository, registered idempotently for the package tool and trusted on request
 * (see {@link RepositoryManager}). A location registered already under another name is used
 * under that name, never registered twice.
 */
final class RepositoryStep implements SetupStep {
    static final String NAME = "repository";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StepCheck check(SetupContext ctx) {
        RepositorySpec spec = ctx.options().repository();
        RepositoryState s = ctx.repositories().check(spec);
        ctx.repositoryFound(s.name());
        var details = SetupContext.json(s);
        if (s.problem() != null) {
            return StepCheck.failed(s.problem(), details);
        }
        String state = s.registered()
                ? s.name() + " at " + s.registeredLocation() + " for " + s.tool() + (s.trusted() ? ", trusted" : ", not trusted")
                : s.name() + " is not registered for " + s.tool();
        if (!s.changes().isEmpty()) {
            return StepCheck.change(state, String.join("; ", s.changes()), details);
        }
        return StepCheck.ok(state, details);
    }

    @Override
    public String apply(SetupContext ctx, StepCheck check) {
        RepositoryState s = ctx.repositories().ensure(ctx.options().repository());
        ctx.repositoryFound(s.name());
        return s.done().isEmpty() ? check.change() : String.join("; ", s.done());
    }
}
