package dev.exobridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link OutputFormat#TABLE}: a table for people, the way Format-Table shows objects. Columns are
 * the properties of the first {@value #SAMPLE} objects (in the order met); their widths come
 * from those rows too, and later rows are printed straight away in the same columns, so memory
 * stays bounded. A cell holds the value's text (nested objects and arrays as compact JSON, line
 * breaks as spaces), cut with {@code ...} past {@value #MAX_CELL} characters except in the last
 * column. A value that is not an object (a string, a number) is printed as its text on its own
 * line, ending the current table. Properties first seen after the sample are not shown: use
 * {@code --format json} for all the data.
 */
final class TableWriter implements ResultWriter {
    /** Rows read before the columns and widths are fixed. */
    static final int SAMPLE = 100;
    /** Widest cell, except in the last column. */
    static final int MAX_CELL = 60;
    private static final String GAP = " ";

    private final PrintStream out;
    private final List<JsonNode> pending = new ArrayList<>();
    private List<String> columns;
    private int[] widths;
    private boolean finished;

    TableWriter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void write(JsonNode value) {
        if (!value.isObject()) {
            flushPending();
            columns = null;
            out.println(cellText(value));
            return;
        }
        if (columns != null) {
            printRow(value);
            return;
        }
        pending.add(value);
        if (pending.size() >= SAMPLE) {
            flushPending();
        }
    }

    @Override
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        flushPending();
        out.flush();
    }

    private void flushPending() {
        if (pending.isEmpty()) {
            return;
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode row : pending) {
            row.fieldNames().forEachRemaining(names::add);
        }
        columns = new ArrayList<>(names);
        widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = columns.get(c).length();
            for (JsonNode row : pending) {
                widths[c] = Math.max(widths[c], cell(row, c).length());
            }
        }
        if (!columns.isEmpty()) {
            out.println();
        }
        printLine(columns);
        List<String> rules = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            rules.add("-".repeat(Math.min(widths[c], Math.max(columns.get(c).length(), 1))));
        }
        printLine(rules);
        for (JsonNode row : pending) {
            printRow(row);
        }
        pending.clear();
    }

    private void printRow(JsonNode row) {
        List<String> cells = new ArrayList<>(columns.size());
        for (int c = 0; c < columns.size(); c++) {
            cells.add(cell(row, c));
        }
        printLine(cells);
    }

    private void printLine(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            boolean last = c == cells.size() - 1;
            String text = cells.get(c);
            if (!last && text.length() > widths[c]) {
                text = text.substring(0, Math.max(0, widths[c] - 3)) + "...";
            }
            sb.append(text);
            if (!last) {
                sb.append(" ".repeat(widths[c] - text.length())).append(GAP);
            }
        }
        out.println(sb.toString().stripTrailing());
    }

    /** The cell of column {@code c} in {@code row}, cut for the table unless it is the last column. */
    private String cell(JsonNode row, int c) {
        JsonNode v = row.get(columns.get(c));
        String text = v == null ? "" : cellText(v);
        if (c < columns.size() - 1 && text.length() > MAX_CELL) {
            text = text.substring(0, MAX_CELL - 3) + "...";
        }
        return text;
    }

    /** A value's text as a table shows it. */
    static String cellText(JsonNode v) {
        String text;
        if (v == null || v.isNull() || v.isMissingNode()) {
            text = "";
        } else if (v.isBigDecimal()) {
            text = v.decimalValue().toPlainString();
        } else if (v.isValueNode()) {
            text = v.asText();
        } else if (v.isArray() && allScalars(v)) {
            StringBuilder sb = new StringBuilder("{");
            for (Iterator<JsonNode> it = v.elements(); it.hasNext(); ) {
                sb.append(cellText(it.next()));
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            text = sb.append('}').toString();
        } else {
            text = JsonOutput.compact(v);
        }
        return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    private static boolean allScalars(JsonNode array) {
        for (JsonNode e : array) {
            if (e.isContainerNode()) {
                return false;
            }
        }
        return true;
    }
}
