package dev.exobridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Shows progress on stderr. On a terminal: one line redrawn in place, {@code Activity
 * [#####.....] 50% status}, erased before any other line is printed and when the work is
 * done. Elsewhere (a log file, a pipe): plain {@code PROGRESS: } lines, one when an activity's
 * status text changes or its percentage enters a new tenth, so a loop of thousands of
 * Write-Progress calls prints a few lines, not thousands.
 */
final class ProgressDisplay {
    private static final int BAR = 20;
    private static final int LINE = 79;

    private final PrintStream err;
    private final boolean terminal;
    private final Map<String, String> lastShown = new HashMap<>();
    private boolean barShown;

    ProgressDisplay(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /**
     * Shows one step. {@code percent} below 0 means unknown; {@code completed} ends the activity.
     */
    void show(String activity, String status, int percent, boolean completed) {
        String act = activity == null ? "" : activity;
        String st = status == null ? "" : status;
        if (terminal) {
            if (completed) {
                clear();
                return;
            }
            StringBuilder line = new StringBuilder(act);
            if (percent >= 0) {
                int filled = Math.min(BAR, percent * BAR / 100);
                line.append(" [").append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ")
                        .append(Math.min(percent, 100)).append('%');
            }
            if (!st.isEmpty()) {
                line.append(' ').append(st);
            }
            String text = line.length() > LINE ? line.substring(0, LINE) : line.toString();
            err.print("\r" + text + " ".repeat(LINE - text.length()) + "\r");
            err.flush();
            barShown = true;
            return;
        }
        String key = completed ? "done" : st + "|" + (percent < 0 ? -1 : percent / 10);
        if (key.equals(lastShown.put(act, key))) {
            return;
        }
        if (completed) {
            lastShown.remove(act);
            err.println("PROGRESS: " + act + ": done");
        } else {
            err.println("PROGRESS: " + act + (st.isEmpty() ? "" : ": " + st) + (percent >= 0 ? " (" + percent + "%)" : ""));
        }
    }

    /** Shows a PowerShell progress record's details (Activity, StatusDescription, PercentComplete, Type). */
    void show(JsonNode details) {
        JsonNode pct = details.get("PercentComplete");
        JsonNode type = details.get("Type");
        boolean completed = type != null && ("Completed".equals(type.asText()) || "1".equals(type.asText()));
        show(text(details.get("Activity")), text(details.get("StatusDescription")),
                pct != null && pct.canConvertToInt() ? pct.asInt() : -1, completed);
    }

    /** Erases the bar, if one is shown, so that another line can be printed cleanly. */
    void clear() {
        if (barShown) {
            err.print("\r" + " ".repeat(LINE) + "\r");
            err.flush();
            barShown = false;
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "" : n.asText();
    }
}
