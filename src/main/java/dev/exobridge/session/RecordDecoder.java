package dev.exobridge.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.exobridge.json.PsJsonMapper;
import dev.exobridge.psrp.ProtocolException;
import dev.exobridge.psrp.ServerMessages;
import dev.exobridge.psrp.clixml.PsObject;
import dev.exobridge.psrp.clixml.PsPrimitive;
import dev.exobridge.psrp.clixml.PsValue;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the CLIXML of ERROR_RECORD, WARNING/VERBOSE/DEBUG/INFORMATION_RECORD and
 * PROGRESS_RECORD messages (MS-PSRP 2.2.3.15 to 2.2.3.19, 2.2.3.32) into {@link PowerShellError}
 * and {@link StreamRecord}.
 */
final class RecordDecoder {
    private static final List<String> CATEGORIES = List.of("NotSpecified", "OpenError", "CloseError", "DeviceError",
            "DeadlockDetected", "InvalidArgument", "InvalidData", "InvalidOperation", "InvalidResult", "InvalidType",
            "MetadataError", "NotImplemented", "NotInstalled", "ObjectNotFound", "OperationStopped",
            "OperationTimeout", "SyntaxError", "ParserError", "PermissionDenied", "ResourceBusy", "ResourceExists",
            "ResourceUnavailable", "ReadError", "WriteError", "FromStdErr", "SecurityError", "ProtocolError",
            "ConnectionError", "AuthenticationError", "LimitsExceeded", "QuotaExceeded", "NotEnabled");

    private static final Pattern POSITION_LINE = Pattern.compile("^At .*?:(\\d{1,9}) char:\\d+");
    private static final Pattern STACK_LINE = Pattern.compile(": line (\\d{1,9})\\b");

    private final PsJsonMapper mapper;

    RecordDecoder(PsJsonMapper mapper) {
        this.mapper = mapper;
    }

    PowerShellError error(PsValue v) {
        PsObject o = obj(v, "error record");
        PsObject ex = o.property("Exception") instanceof PsObject e ? e : null;
        String exceptionMessage = ex == null ? null : text(ex.property("Message"));
        String exceptionType = ex == null || ex.typeNames().isEmpty() ? null
                : ex.typeNames().get(0).replaceFirst("^Deserialized\\.", "");
        String detailsMessage = text(o.property("ErrorDetails_Message"));
        String message = detailsMessage != null && !detailsMessage.isEmpty() ? detailsMessage
                : exceptionMessage != null ? exceptionMessage : o.toStringValue();
        int cat = number(o.property("ErrorCategory_Category"));
        PsObject inv = o.property("InvocationInfo") instanceof PsObject i ? i : null;
        String scriptName = firstText(o, inv, "InvocationInfo_ScriptName", "ScriptName");
        JsonNode target = o.property("TargetObject") == null ? NullNode.getInstance() : mapper.toJson(o.property("TargetObject"));
        String stackTrace = text(o.property("ErrorDetails_ScriptStackTrace"));
        String position = emptyToNull(firstText(o, inv, "InvocationInfo_PositionMessage", "PositionMessage"));
        int line = firstNumber(o, inv, "InvocationInfo_ScriptLineNumber", "ScriptLineNumber");
        int column = firstNumber(o, inv, "InvocationInfo_OffsetInLine", "OffsetInLine");
        if (line == 0) {
            // Write-Error's record carries no position of its own; its stack trace names the line.
            line = lineOf(position, stackTrace);
        }
        return new PowerShellError(
                message == null ? "" : message,
                cat >= 0 && cat < CATEGORIES.size() ? CATEGORIES.get(cat) : Integer.toString(cat),
                text(o.property("ErrorCategory_Message")),
                text(o.property("ErrorCategory_Activity")),
                text(o.property("ErrorCategory_Reason")),
                text(o.property("ErrorCategory_TargetName")),
                text(o.property("ErrorCategory_TargetType")),
                text(o.property("FullyQualifiedErrorId")),
                target,
                exceptionType,
                exceptionMessage,
                stackTrace,
                scriptName == null || scriptName.isEmpty() ? null : scriptName,
                line,
                column,
                position);
    }

    StreamRecord informational(StreamKind kind, PsValue v) {
        PsObject o = obj(v, kind + " record");
        String message = text(o.property("InformationalRecord_Message"));
        return new StreamRecord(kind, message != null ? message : nonNull(o.toStringValue()), mapper.toJson(v));
    }

    StreamRecord information(PsValue v) {
        PsObject o = obj(v, "information record");
        PsValue data = o.property("MessageData");
        String message;
        if (data instanceof PsObject d) {
            String m = text(d.property("Message"));
            message = m != null ? m : nonNull(d.toStringValue());
        } else {
            message = data == null ? nonNull(o.toStringValue()) : nonNull(text(data));
        }
        return new StreamRecord(StreamKind.INFORMATION, message, mapper.toJson(v));
    }

    StreamRecord progress(PsValue v) {
        PsObject o = obj(v, "progress record");
        String activity = nonNull(text(o.property("Activity")));
        String status = text(o.property("StatusDescription"));
        return new StreamRecord(StreamKind.PROGRESS, status == null || status.isEmpty() ? activity : activity + ": " + status,
                mapper.toJson(v));
    }

    /** The line of "At line:3 char:1" (or "At /x.ps1:3 char:1"), else of the stack trace's first "line 3"; 0 when neither says. */
    static int lineOf(String positionMessage, String stackTrace) {
        for (Pattern p : List.of(POSITION_LINE, STACK_LINE)) {
            Matcher m = p.matcher(p == POSITION_LINE ? nonNull(positionMessage) : nonNull(stackTrace));
            if (m.find()) {
                try {
                    return Integer.parseInt(m.group(1));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static PsObject obj(PsValue v, String what) {
        if (v instanceof PsObject o) {
            return o;
        }
        throw new ProtocolException("a " + what + " from pwsh is not an object: " + v);
    }

    private static String firstText(PsObject o, PsObject inv, String flat, String nested) {
        String s = text(o.property(flat));
        return s != null || inv == null ? s : text(inv.property(nested));
    }

    private static int firstNumber(PsObject o, PsObject inv, String flat, String nested) {
        PsValue v = o.property(flat);
        if (v == null && inv != null) {
            v = inv.property(nested);
        }
        return Math.max(0, number(v));
    }

    /** The text of a primitive or an object's ToString; {@code null} for null or absent. */
    static String text(PsValue v) {
        return ServerMessages.text(v);
    }

    private static int number(PsValue v) {
        if (v instanceof PsObject o) {
            v = o.baseValue();
        }
        if (v instanceof PsPrimitive p && p.value() instanceof Number n) {
            return n.intValue();
        }
        return -1;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
