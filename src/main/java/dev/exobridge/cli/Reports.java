package dev.exobridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.Map;

/**
 * Prints the single report object of {@code doctor}, {@code setup}, {@code module} and {@code pwsh
 * info}: as pretty JSON, or for people as a property list ({@code name : value}, arrays one item
 * a line) with any array of objects under it shown as a table.
 */
final class Reports {
    private Reports() {
    }

    static void print(PrintStream out, OutputFormat format, JsonNode report) {
        if (format == OutputFormat.JSON) {
            out.println(JsonOutput.pretty(report));
            out.flush();
            return;
        }
        if (!report.isObject()) {
            ResultWriter w = new TableWriter(out);
            if (report.isArray()) {
                report.forEach(w::write);
            } else {
                w.write(report);
            }
            w.finish();
            return;
        }
        int width = 0;
        for (Iterator<String> it = report.fieldNames(); it.hasNext(); ) {
            width = Math.max(width, it.next().length());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = report.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            String label = e.getKey() + " ".repeat(width - e.getKey().length()) + " : ";
            if (v.isArray() && v.size() > 0 && v.get(0).isObject()) {
                out.println(label.stripTrailing());
                TableWriter t = new TableWriter(out);
                v.forEach(t::write);
                t.finish();
                out.println();
            } else if (v.isArray()) {
                String indent = " ".repeat(label.length());
                boolean first = true;
                for (JsonNode item : v) {
                    out.println((first ? label : indent) + TableWriter.cellText(item));
                    first = false;
                }
                if (first) {
                    out.println(label.stripTrailing());
                }
            } else {
                out.println(label + TableWriter.cellText(v));
            }
        }
        out.flush();
    }

    /** A new empty object for a report. */
    static ObjectNode object() {
        return JsonOutput.MAPPER.createObjectNode();
    }
}
