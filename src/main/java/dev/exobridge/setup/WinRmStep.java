package dev.exobridge.setup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * WinRM: on Windows, reports the service and client state and runs {@code winrm quickconfig}
 * only when asked (legacy remote PowerShell; Exchange Online V3 does not need it); elsewhere
 * skipped.
 */
final class WinRmStep implements SetupStep {
    static final String NAME = "winrm";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StepCheck check(SetupContext ctx) {
        ObjectNode s = ctx.script("winrm", Map.of("Mode", "Check"));
        if (!s.path("applicable").asBoolean()) {
            return StepCheck.skipped("not Windows: WinRM is a Windows service (and Exchange Online V3 does not need it)", s);
        }
        String state = "WinRM service " + s.path("service").asText() + " (" + s.path("startType").asText() + "), "
                + (s.path("listening").asBoolean() ? "listening" : "not listening")
                + (s.path("clientAllowsBasic").isTextual() ? ", client Basic auth " + s.path("clientAllowsBasic").asText() : "");
        if (!s.path("needsChange").asBoolean()) {
            return StepCheck.ok(state, s);
        }
        if (ctx.options().winrmQuickConfig()) {
            return StepCheck.change(state, "run winrm quickconfig", s);
        }
        return StepCheck.skipped(state + "; Exchange Online V3 does not need WinRM (ask for winrm quickconfig "
                + "only for legacy remote PowerShell)", s);
    }

    @Override
    public String apply(SetupContext ctx, StepCheck check) {
        ctx.script("winrm", Map.of("Mode", "Apply"));
        return "ran winrm quickconfig";
    }
}
