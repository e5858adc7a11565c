package dev.exobridge.pool;

import java.time.Duration;
import java.util.Locale;

/** Durations as people read them in messages: "0.42 ms", "850 ms", "2.5 s". */
final class Durations {
    private Durations() {
    }

    static String text(Duration d) {
        long nanos = d.toNanos();
        if (nanos < 10_000_000L) {
            return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
        }
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
