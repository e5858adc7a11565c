package dev.exobridge.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every {@code module} subcommand takes: the module's options and the output format. */
abstract class ModuleSubcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModuleOptions module;

    @Mixin
    FormatOptions format;
}
