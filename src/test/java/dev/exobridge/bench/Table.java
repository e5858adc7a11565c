package dev.exobridge.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with aligned columns: the one way the benchmarks print figures. A
 * contender that could not be measured gets one row saying "failed: reason" instead of figures.
 */
final class Table {
    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = headers;
    }

    void row(String... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException(cells.length + " cells for " + headers.length + " columns");
        }
        rows.add(cells);
    }

    /** A row for a contender without figures: the reason spans the remaining columns. */
    void failed(String contender, String reason) {
        rows.add(new String[] {contender, "failed: " + reason});
    }

    void print(PrintStream out) {
        int[] widths = new int[headers.length];
        for (int c = 0; c < headers.length; c++) {
            widths[c] = headers[c].length();
        }
        for (String[] row : rows) {
            if (row.length == headers.length) { // a failed row does not widen the columns
                for (int c = 0; c < row.length; c++) {
                    widths[c] = Math.max(widths[c], row[c].length());
                }
            }
        }
        print(out, headers, widths);
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            rule.append(c == 0 ? "" : "  ").append("-".repeat(widths[c]));
        }
        out.println(rule);
        for (String[] row : rows) {
            print(out, row, widths);
        }
    }

    private static void print(PrintStream out, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        boolean failedRow = cells.length < widths.length;
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                line.append("  ");
            }
            if (failedRow && c == cells.length - 1) {
                line.append(cells[c]); // the failure text spans the columns left
            } else {
                line.append(pad(cells[c], widths[c], c > 0 && isFigure(cells[c])));
            }
        }
        out.println(line.toString().stripTrailing());
    }

    /** Figures are right-aligned, words left-aligned. */
    private static boolean isFigure(String cell) {
        return cell.matches("[-+]?[0-9.,]*[0-9]x?|-");
    }

    private static String pad(String text, int width, boolean right) {
        String space = " ".repeat(Math.max(0, width - text.length()));
        return right ? space + text : text + space;
    }

    /** A number of milliseconds, with precision that suits its size. */
    static String ms(double millis) {
        return millis < 10 ? String.format(java.util.Locale.ROOT, "%.3f", millis)
                : millis < 1000 ? String.format(java.util.Locale.ROOT, "%.1f", millis)
                : String.format(java.util.Locale.ROOT, "%.0f", millis);
    }

    /** A ratio such as "3.2x"; "-" when there is nothing to compare with. */
    static String ratio(Double ratio) {
        return ratio == null || ratio.isNaN() || ratio.isInfinite() ? "-"
                : ratio >= 100 ? String.format(java.util.Locale.ROOT, "%.0fx", ratio)
                : String.format(java.util.Locale.ROOT, "%.2fx", ratio);
    }

    static String number(double value) {
        return String.format(java.util.Locale.ROOT, "%,.0f", value);
    }
}
