package dev.exobridge.json;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one JSON shape of a warning, verbose, debug, information or progress record:
 * {@code {"stream": "warning", "message": "text"}}. The CLI prints records in it with
 * {@code --errors-as-json}, and a record merged into the output ({@code Write-Warning w 3>&1})
 * maps to it, so both read alike.
 */
public final class RecordJson {
    private RecordJson() {
    }

    /**
     * @param stream  the stream's name in lower case: warning, verbose, debug, information, progress
     * @param message the text PowerShell shows for the record
     */
    public static ObjectNode of(String stream, String message) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("stream", stream);
        o.put("message", message);
        return o;
    }
}
