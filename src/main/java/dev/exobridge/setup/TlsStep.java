package dev.exobridge.setup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * TLS 1.2: reports {@code [Net.ServicePointManager]::SecurityProtocol}. PowerShell 7 is
 * {@code ok} (it uses the system's protocols); Windows PowerShell 5.1 without TLS 1.2 fails with
 * a pointer to the documented fix, which is not applied.
 */
final class TlsStep implements SetupStep {
    static final String NAME = "tls";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StepCheck check(SetupContext ctx) {
        ObjectNode s = ctx.script("tls", Map.of());
        String text = "SecurityProtocol " + s.path("securityProtocol").asText() + ": " + s.path("reason").asText();
        return s.path("ok").asBoolean() ? StepCheck.ok(text, s) : StepCheck.failed(text, s);
    }

    @Override
    public String apply(SetupContext ctx, StepCheck check) {
        throw new IllegalStateException("the TLS step changes nothing");
    }
}
