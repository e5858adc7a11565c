package dev.exobridge.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exobridge.pwsh.PwshPrerequisiteException;
import dev.exobridge.session.PowerShellError;

/**
 * How errors read on stderr. A PowerShell error looks like PowerShell's own (NormalView):
 * <pre>
 * ERROR: boom
 * At line:1 char:1
 * + throw 'boom'
 * + ~~~~~~~~~~~~
 *     + CategoryInfo          : OperationStopped: (boom:String) [], RuntimeException
 *     + FullyQualifiedErrorId : boom
 * </pre>
 * With {@code --errors-as-json} it is {@link PowerShellError#toJson()} on one line. exo-bridge's
 * own failures (pwsh missing, timeout, ...) read {@code exo-bridge: <message>}, or as JSON
 * {@code {"message", "fullyQualifiedErrorId": "ExoBridge.<EXIT_CODE_NAME>", "exitCode",
 * "exception": {"type", "message"}}} (plus {@code "placesLooked"} when pwsh was searched for).
 */
final class ErrorText {
    private ErrorText() {
    }

    /** A PowerShell error record, as text lines (no trailing line end). */
    static String text(PowerShellError e) {
        StringBuilder sb = new StringBuilder("ERROR: ").append(e.message());
        if (e.positionMessage() != null) {
            sb.append('\n').append(e.positionMessage().stripTrailing());
        }
        if (e.categoryMessage() != null && !e.categoryMessage().isEmpty()) {
            sb.append("\n    + CategoryInfo          : ").append(e.categoryMessage());
        }
        if (e.fullyQualifiedErrorId() != null && !e.fullyQualifiedErrorId().isEmpty()) {
            sb.append("\n    + FullyQualifiedErrorId : ").append(e.fullyQualifiedErrorId());
        }
        return sb.toString();
    }

    /** A PowerShell error record as one JSON line (no line end). */
    static String json(PowerShellError e) {
        return JsonOutput.compact(e.toJson());
    }

    /** One of exo-bridge's own failures as one JSON line (no line end). */
    static String json(Throwable failure, ExitCode code, String message) {
        ObjectNode o = JsonOutput.MAPPER.createObjectNode();
        o.put("message", message);
        o.put("fullyQualifiedErrorId", "ExoBridge." + code.name());
        o.put("exitCode", code.code());
        ObjectNode ex = o.putObject("exception");
        ex.put("type", failure.getClass().getName());
        ex.put("message", failure.getMessage());
        if (failure instanceof PwshPrerequisiteException p && !p.placesLooked().isEmpty()) {
            p.placesLooked().forEach(o.putArray("placesLooked")::add);
        }
        return JsonOutput.compact(o);
    }
}
