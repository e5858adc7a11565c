package dev.exobridge.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An ErrorRecord as data: what PowerShell shows ({@link #message()}), its category with
 * activity, reason, target name and type, the fully qualified error id, the target object, the
 * exception's type and message, the script stack trace and where in which script it happened.
 * Fields PowerShell left empty are {@code null} (line and column 0).
 *
 * @param message               the record's text (ErrorDetails message when set, else the exception's)
 * @param category              the ErrorCategory name, e.g. {@code ObjectNotFound}
 * @param categoryMessage       PowerShell's category line, e.g. {@code NotSpecified: (:) [Write-Error], WriteErrorException}
 * @param activity              the category's activity (usually the command)
 * @param reason                the category's reason (usually the exception's short type name)
 * @param targetName            the category's target name
 * @param targetType            the category's target type
 * @param fullyQualifiedErrorId the FullyQualifiedErrorId
 * @param targetObject          the target object as JSON, or JSON null
 * @param exceptionType         the .NET exception type
 * @param exceptionMessage      the exception's message
 * @param scriptStackTrace      the script stack trace
 * @param scriptName            the script file, or {@code null} for a script text
 * @param line                  the line number, 0 when unknown
 * @param column                the column (offset in line), 0 when unknown
 * @param positionMessage       PowerShell's "At line:..." text, or {@code null}
 */
public record PowerShellError(String message, String category, String categoryMessage, String activity,
                              String reason, String targetName, String targetType, String fullyQualifiedErrorId,
                              JsonNode targetObject, String exceptionType, String exceptionMessage,
                              String scriptStackTrace, String scriptName, int line, int column,
                              String positionMessage) {

    /** The record as one JSON object, the form {@code --errors-as-json} prints. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("message", message);
        ObjectNode cat = o.putObject("category");
        cat.put("category", category);
        cat.put("activity", activity);
        cat.put("reason", reason);
        cat.put("targetName", targetName);
        cat.put("targetType", targetType);
        cat.put("message", categoryMessage);
        o.put("fullyQualifiedErrorId", fullyQualifiedErrorId);
        o.set("targetObject", targetObject == null ? JsonNodeFactory.instance.nullNode() : targetObject);
        ObjectNode ex = o.putObject("exception");
        ex.put("type", exceptionType);
        ex.put("message", exceptionMessage);
        o.put("scriptStackTrace", scriptStackTrace);
        o.put("scriptName", scriptName);
        o.put("line", line);
        o.put("column", column);
        o.put("positionMessage", positionMessage);
        return o;
    }

    @Override
    public String toString() {
        return message + " (" + fullyQualifiedErrorId + ")";
    }
}
