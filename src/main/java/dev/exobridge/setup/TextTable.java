package dev.exobridge.setup;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table: a header, columns padded to their widest cell, the last column unpadded. */
final class TextTable {
    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... header) {
        rows.add(header);
    }

    TextTable row(String... cells) {
        rows.add(cells);
        return this;
    }

    String render() {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols - 1; i++) {
                width[i] = Math.max(width[i], cell(r, i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                String c = cell(r, i);
                line.append(i < cols - 1 ? String.format("%-" + width[i] + "s  ", c) : c);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static String cell(String[] r, int i) {
        // One line per row: a message with line breaks would break the columns.
        return i < r.length && r[i] != null ? r[i].replaceAll("\\s*\\R\\s*", " ") : "";
    }
}
