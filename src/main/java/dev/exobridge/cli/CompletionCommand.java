package dev.exobridge.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code exo-bridge completion}: prints a bash completion script for every command and option
 * (zsh reads it too, through bashcompinit). Load it with {@code source <(exo-bridge completion)}.
 */
@Command(name = "completion",
        description = "Prints a shell completion script for bash and zsh on stdout.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  source <(exo-bridge completion)                       # this shell (bash)",
            "  exo-bridge completion > ~/.local/share/bash-completion/completions/exo-bridge",
            "  autoload -U +X bashcompinit && bashcompinit && source <(exo-bridge completion)   # zsh",
        })
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ExoBridgeCommand root = Commands.root(spec);
        root.io().out().print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        root.io().out().flush();
        return ExitCode.OK.code();
    }
}
