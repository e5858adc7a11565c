package dev.exobridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exobridge.json.RecordJson;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Shows progress on stderr. On a terminal: one line redrawn in place, {@code Activity
 * [#####.....] 50% status}, erased before any other line is printed and when the work is
 * done. Elsewhere (a log file, a pipe): plain {@code PROGRESS: } lines (or {@link RecordJson}
 * lines with {@code --errors-as-json}), for each activity the first step, then one when its
 * status text changes or its percentage enters a new tenth but at most one every
 * {@link #LOG_INTERVAL_SECONDS} seconds, and the end. So a loop of thousands of Write-Progress
 * calls prints a few lines, not thousands, however its status changes.
 */
final class ProgressDisplay {
    /** Off a terminal, the least time between two lines of one activity. */
    static final long LOG_INTERVAL_SECONDS = 5;
    private static final int BAR = 20;
    private static final int LINE = 79;

    private final PrintStream err;
    private final boolean terminal;
    private final boolean json;
    private final LongSupplier nanoClock;
    private final Map<String, Shown> lastShown = new HashMap<>();
    private boolean barShown;

    /** What was last printed for an activity, and when. */
    private record Shown(String key, long atNanos) {
    }

    ProgressDisplay(PrintStream err, boolean terminal, boolean json, LongSupplier nanoClock) {
        this.err = err;
        this.terminal = terminal;
        this.json = json;
        this.nanoClock = nanoClock;
    }

    ProgressDisplay(PrintStream err, boolean terminal) {
        this(err, terminal, false, System::nanoTime);
    }

    /**
     * Shows one step. {@code percent} below 0 means unknown; {@code completed} ends the activity.
     */
    void show(String activity, String status, int percent, boolean completed) {
        String act = activity == null ? "" : activity;
        String st = status == null ? "" : status;
        if (terminal && !json) {
            bar(act, st, percent, completed);
            return;
        }
        if (completed) {
            if (lastShown.remove(act) != null) {
                logLine(act, "done", -1);
            }
            return;
        }
        String key = st + "|" + (percent < 0 ? -1 : percent / 10);
        long now = nanoClock.getAsLong();
        Shown last = lastShown.get(act);
        if (last != null && (key.equals(last.key())
                || now - last.atNanos() < TimeUnit.SECONDS.toNanos(LOG_INTERVAL_SECONDS))) {
            return;
        }
        lastShown.put(act, new Shown(key, now));
        logLine(act, st, percent);
    }

    private void logLine(String act, String status, int percent) {
        String text = act + (status.isEmpty() ? "" : ": " + status) + (percent >= 0 ? " (" + percent + "%)" : "");
        if (json) {
            ObjectNode o = RecordJson.of("progress", text);
            o.put("activity", act);
            o.put("status", status);
            o.put("percentComplete", percent);
            err.println(JsonOutput.compact(o));
        } else {
            err.println("PROGRESS: " + text);
        }
    }

    private void bar(String act, String st, int percent, boolean completed) {
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
    }

    /** Shows a PowerShell progress record's details (Activity, StatusDescription, PercentComplete, Type). */
    void show(JsonNode details) {
        JsonNode pct = details.get("PercentComplete");
        JsonNode type = details.get("Type");
        boolean completed = type != null && ("Completed".equals(type.asText()) || "1".equals(type.asText()));
        show(text(details.get("Activity")), text(details.get("StatusDescription")),
                pct != null && pct.canConvertToInt() ? pct.asInt() : -1, completed);
    }

    /** Forgets an activity that failed: no "done" line, the bar erased. */
    void abandon(String activity) {
        lastShown.remove(activity == null ? "" : activity);
        clear();
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
