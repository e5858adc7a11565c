package dev.exobridge.session;

import dev.exobridge.psrp.PsrpMessages;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands of a call's pipeline: the caller's script or command with its arguments, then
 * either the batching step ({@link OutputBatch}) or, with batching off and a depth asked for, a
 * step that serialises each object at that depth (remoting itself serialises at depth 1); the
 * client parses that CLIXML with the same reader.
 */
final class PipelineBuilder {
    private PipelineBuilder() {
    }

    /**
     * @param batchKey where the batching step keeps its pending batch, or {@code null} to send
     *                 output object by object
     */
    static List<PsrpMessages.Command> commands(Invocation inv, String batchKey) {
        List<PsrpMessages.Argument> args = new ArrayList<>();
        for (Invocation.Parameter p : inv.parameters()) {
            args.add(new PsrpMessages.Argument(p.name(), p.value()));
        }
        List<PsrpMessages.Command> cmds = new ArrayList<>(2);
        cmds.add(new PsrpMessages.Command(inv.text(), inv.isScript(), args));
        if (batchKey != null) {
            cmds.add(OutputBatch.step(inv, batchKey));
        } else if (inv.depth() != null) {
            cmds.add(new PsrpMessages.Command(serializeStep(inv.depth()), true, List.of(), true));
        }
        return cmds;
    }

    /** The script of the serialising step; the depth is an int, so nothing foreign enters it. */
    static String serializeStep(int depth) {
        return "process { [System.Management.Automation.PSSerializer]::Serialize($_, " + depth + ") }";
    }
}
