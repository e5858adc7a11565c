package dev.exobridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.Map;

/**
 * The one printer of the single report of {@code doctor}, {@code setup}, {@code module} and
 * {@code pwsh info}: as pretty JSON, or for people as a property list ({@code name : value},
 * arrays one item a line) with any array of objects under it shown as a table; the setup
 * library's plan and report as a table of their steps ({@link #steps}). Every table is a
 * {@link TableWriter}'s.
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

    /**
     * A setup plan's or report's JSON ({@code {"counts": {...}, "steps": [{"step", "status",
     * "message", "change"?}]}}): as it is, or as a STEP, STATUS, MESSAGE table (a planned change
     * after {@code -> }) and a line counting the statuses.
     */
    static void steps(PrintStream out, OutputFormat format, ObjectNode json) {
        if (format == OutputFormat.JSON) {
            print(out, format, json);
            return;
        }
        TableWriter t = new TableWriter(out);
        for (JsonNode step : json.path("steps")) {
            ObjectNode row = object();
            row.put("STEP", step.path("step").asText());
            row.put("STATUS", step.path("status").asText());
            JsonNode change = step.get("change");
            row.put("MESSAGE", step.path("message").asText()
                    + (change == null || change.isNull() ? "" : " -> " + change.asText()));
            t.write(row);
        }
        t.finish();
        StringBuilder counts = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.path("counts").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            counts.append(counts.length() == 0 ? "" : ", ").append(e.getValue().asInt()).append(' ')
                    .append(e.getKey().equals("change") ? "to change" : e.getKey());
        }
        out.println(counts);
        out.flush();
    }

    /** A new empty object for a report. */
    static ObjectNode object() {
        return JsonOutput.MAPPER.createObjectNode();
    }
}
