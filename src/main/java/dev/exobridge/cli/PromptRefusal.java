package dev.exobridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exobridge.session.HostHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * The host handler of {@code exo-bridge run}: refuses every prompt, as pwsh -NonInteractive does,
 * and remembers what was asked so that the message can say what to pass instead: the names of
 * missing mandatory parameters for a {@code Prompt}, {@code -Confirm:$false} for a
 * {@code PromptForChoice} (ShouldProcess's confirmation), a parameter for the rest.
 */
final class PromptRefusal implements HostHandler {
    private HostHandler.Call asked;

    @Override
    public Object answer(Call call) throws Exception {
        asked = call;
        throw new IllegalStateException("PowerShell is in NonInteractive mode (exo-bridge run answers no prompts)");
    }

    /** The message for the refused prompt {@code method}. */
    String message(String method) {
        Call c = asked != null && asked.method().equals(method) ? asked : null;
        if ("Prompt".equals(method)) {
            List<String> names = c == null ? List.of() : fieldNames(c.parameters());
            if (!names.isEmpty()) {
                return "Cannot process command because of one or more missing mandatory parameters: "
                        + String.join(" ", names) + ". exo-bridge answers no prompts: pass "
                        + (names.size() == 1 ? "it" : "them") + " with --param " + names.get(0) + "=VALUE"
                        + " (or after --, by position).";
            }
        }
        if ("PromptForChoice".equals(method) || "PromptForChoiceMultipleSelection".equals(method)) {
            String what = c == null || c.parameters().size() < 2 ? "" : " (" + text(c.parameters().get(0))
                    + ": " + text(c.parameters().get(1)) + ")";
            return "the script asked for a confirmation" + what + ", and exo-bridge answers no prompts; "
                    + "pass -Confirm:$false to the command (or set $ConfirmPreference = 'None').";
        }
        return "the script asked for user input (" + method + "), and exo-bridge answers no prompts; "
                + "pass the value with --param instead.";
    }

    /** The name of each mandatory FieldDescription of a Prompt call (its third parameter). */
    private static List<String> fieldNames(List<JsonNode> params) {
        List<String> names = new ArrayList<>();
        // Parameter binding asks with the caption "cmdlet NAME at command pipeline position N";
        // Read-Host asks through Prompt too, with a caption of its own.
        if (params.size() >= 3 && text(params.get(0)).contains("at command pipeline position")) {
            for (JsonNode d : params.get(2)) {
                String n = d.has("name") ? d.path("name").asText("") : d.path("Name").asText("");
                if (!n.isEmpty()) {
                    names.add(n);
                }
            }
        }
        return names;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "" : n.asText();
    }
}
