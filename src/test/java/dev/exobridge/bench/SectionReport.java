package dev.exobridge.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one section found: its table, notes on how the figures were taken, and its goals with
 * met or missed; printed for people and kept as JSON for results.json.
 */
final class SectionReport {
    private final String title;
    private final Table table;
    private final List<String> notes = new ArrayList<>();
    private final List<String> goals = new ArrayList<>();
    private final ObjectNode json = JsonNodeFactory.instance.objectNode();

    SectionReport(String title, String... headers) {
        this.title = title;
        this.table = new Table(headers);
        json.put("title", title);
        json.putObject("contenders");
        json.putObject("ratios");
        json.putArray("goals");
        json.putArray("notes");
    }

    Table table() {
        return table;
    }

    /** The JSON figures of one contender, created on first use. */
    ObjectNode contender(String name) {
        ObjectNode contenders = (ObjectNode) json.get("contenders");
        return contenders.has(name) ? (ObjectNode) contenders.get(name) : contenders.putObject(name);
    }

    /** A contender without figures: a "failed" row in the table and in the JSON. */
    void failed(String name, String reason) {
        table.failed(name, reason);
        contender(name).put("failed", reason);
    }

    void ratio(String name, Double value) {
        if (value != null) {
            ((ObjectNode) json.get("ratios")).put(name, value);
        }
    }

    void note(String text) {
        notes.add(text);
        json.withArray("notes").add(text);
    }

    /** Goal "value at most limit"; a null value (contender failed) is reported as not measured. */
    void goalAtMost(String goal, Double value, double limit, String unit) {
        goal(goal, value, value == null ? null : value <= limit, unit);
    }

    /** Goal "value at least limit". */
    void goalAtLeast(String goal, Double value, double limit, String unit) {
        goal(goal, value, value == null ? null : value >= limit, unit);
    }

    /** A goal judged by the caller ({@code met} null: could not be measured). */
    void goal(String goal, Double value, Boolean met, String unit) {
        goal(goal, value == null ? "not measured" : figure(value) + unit, value, met);
    }

    /** A goal whose measurement is a word ("completed"), judged by the caller. */
    void goal(String goal, String measured, Boolean met) {
        goal(goal, measured, null, met);
    }

    private void goal(String goal, String measured, Double value, Boolean met) {
        String verdict = met == null ? "UNKNOWN" : met ? "met" : "MISSED";
        goals.add(String.format(Locale.ROOT, "goal: %s: %s -> %s", goal, measured, verdict));
        ObjectNode g = json.withArray("goals").addObject();
        g.put("goal", goal);
        g.put("measured", measured);
        if (value != null) {
            g.put("value", value);
        }
        if (met == null) {
            g.putNull("met");
        } else {
            g.put("met", met);
        }
    }

    /** Word-wraps a note to {@code width} columns, each line indented. */
    private static String wrap(String text, int width, String indent) {
        StringBuilder all = new StringBuilder();
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split(" ")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                all.append(line).append(System.lineSeparator());
                line = new StringBuilder(indent);
            }
            line.append(line.length() > indent.length() ? " " : "").append(word);
        }
        return all.append(line).toString();
    }

    private static String figure(double value) {
        double size = Math.abs(value);
        String format = size >= 100 ? "%.0f" : size >= 10 ? "%.1f" : size >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, format, value);
    }

    ObjectNode json() {
        return json;
    }

    void print(PrintStream out) {
        out.println();
        out.println("== " + title);
        table.print(out);
        notes.forEach(n -> out.println(wrap(n, 100, "  ")));
        goals.forEach(out::println);
        out.flush();
    }
}
