package dev.exobridge.session;

import dev.exobridge.psrp.PsrpMessages;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands of a call's pipeline: the caller's script or command with its arguments, and,
 * when a depth is asked for, a last step that serialises each object at that depth (remoting
 * itself serialises at depth 1); the client parses that CLIXML with the same reader.
 */
final class PipelineBuilder {
    private PipelineBuilder() {
    }

    static List<PsrpMessages.Command> commands(Invocation inv) {
        List<PsrpMessages.Argument> args = new ArrayList<>();
        for (Invocation.Parameter p : inv.parameters()) {
            args.add(new PsrpMessages.Argument(p.name(), p.value()));
        }
        List<PsrpMessages.Command> cmds = new ArrayList<>(2);
        cmds.add(new PsrpMessages.Command(inv.text(), inv.isScript(), args));
        if (inv.depth() != null) {
            cmds.add(new PsrpMessages.Command(serializeStep(inv.depth()), true, List.of()));
        }
        return cmds;
    }

    /** The script of the serialising step; the depth is an int, so nothing foreign enters it. */
    static String serializeStep(int depth) {
        return "process { [System.Management.Automation.PSSerializer]::Serialize($_, " + depth + ") }";
    }
}
