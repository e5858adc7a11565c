package dev.exobridge.setup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Execution policy: on Windows, read per scope and set (default {@code RemoteSigned} for
 * {@code CurrentUser}); elsewhere skipped, because PowerShell does not enforce it there.
 */
final class ExecutionPolicyStep implements SetupStep {
    static final String NAME = "execution-policy";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StepCheck check(SetupContext ctx) {
        ObjectNode s = ctx.script("execution-policy", params(ctx, "Check"));
        if (!s.path("applicable").asBoolean()) {
            return StepCheck.skipped("not Windows: PowerShell does not enforce execution policy here "
                    + "(every scope is Unrestricted)", s);
        }
        String scope = ctx.options().policyScope().psName();
        String state = scope + " policy is " + s.path("current").asText() + " (effective: " + s.path("effective").asText() + ")";
        if (!s.path("problem").isNull() && !s.path("problem").isMissingNode()) {
            return StepCheck.failed(s.path("problem").asText(), s);
        }
        if (s.path("needsChange").asBoolean()) {
            return StepCheck.change(state, "set the " + scope + " execution policy to " + ctx.options().executionPolicy().psName(), s);
        }
        return StepCheck.ok(state, s);
    }

    @Override
    public String apply(SetupContext ctx, StepCheck check) {
        ctx.script("execution-policy", params(ctx, "Apply"));
        return check.change();
    }

    private static Map<String, Object> params(SetupContext ctx, String mode) {
        return Map.of("Policy", ctx.options().executionPolicy().psName(), "Scope", ctx.options().policyScope().psName(),
                "Mode", mode);
    }
}
