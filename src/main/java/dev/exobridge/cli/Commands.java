package dev.exobridge.cli;

import picocli.CommandLine.Model.CommandSpec;

/** Small helpers every command uses. */
final class Commands {
    private Commands() {
    }

    /**
     * The root command of the tree {@code spec} belongs to: global options, io, reporter. The one
     * way a command reaches it (with {@code @Spec CommandSpec spec}), however deep it sits.
     */
    static ExoBridgeCommand root(CommandSpec spec) {
        return (ExoBridgeCommand) spec.root().userObject();
    }
}
