package dev.exobridge.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exobridge.pwsh.PwshInstallation;
import dev.exobridge.pwsh.PwshLocator;
import dev.exobridge.pwsh.PwshProbe;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code exo-bridge pwsh info}: which pwsh exo-bridge would run, found how, and what it says
 * about itself (version, edition, OS, PSHOME, module paths). Changes nothing. Exit 3 when no
 * usable pwsh is found, with every place looked at.
 *
 * <p>JSON form, one object: {@code executable, version, source, minimumVersion, edition, os,
 * platform, psHome, modulePaths}. Default format: table.
 */
@Command(name = "info", sortOptions = false,
        description = "Shows the pwsh exo-bridge would run (found by --pwsh, $EXOBRIDGE_PWSH, the pwsh "
                + "exo-bridge installed, PATH or a standard location) and what it reports about itself.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  exo-bridge pwsh info",
            "  exo-bridge pwsh info --json",
            "  exo-bridge pwsh info --pwsh /opt/microsoft/powershell/7/pwsh",
        })
final class PwshInfoCommand implements Callable<Integer> {
    @Mixin
    FormatOptions format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ExoBridgeCommand root = Commands.root(spec);
        OutputFormat fmt = format.resolveReport();
        PwshInstallation found = PwshLocator.builder().explicit(root.pwsh())
                .environment(root.io().environment()).build().locate();
        PwshProbe.Info info = PwshProbe.info(found.executable());
        ObjectNode o = JsonOutput.MAPPER.createObjectNode();
        o.put("executable", found.executable().toString());
        o.put("version", info.version().toString());
        o.put("source", found.source());
        o.put("minimumVersion", PwshLocator.DEFAULT_MINIMUM.toString());
        o.put("edition", info.edition());
        o.put("os", info.os());
        o.put("platform", info.platform());
        o.put("psHome", info.psHome().toString());
        var paths = o.putArray("modulePaths");
        for (Path p : info.modulePaths()) {
            paths.add(p.toString());
        }
        Reports.print(root.io().out(), fmt, o);
        return ExitCode.OK.code();
    }
}
