package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** A clock the test moves: no assertion depends on wall-clock time. */
    private long now;

    @Test
    void plainLinesOnlyWhenStatusOrTenthChanges() {
        ProgressDisplay p = new ProgressDisplay(err, false, false, () -> now);
        for (int i = 0; i <= 100; i++) {
            now += TimeUnit.SECONDS.toNanos(ProgressDisplay.LOG_INTERVAL_SECONDS);
            p.show("Copy", "files", i, false);
        }
        p.show("Copy", "", 100, true);
        assertThat(text().lines().toList()).hasSize(12).startsWith("PROGRESS: Copy: files (0%)", "PROGRESS: Copy: files (10%)")
                .endsWith("PROGRESS: Copy: files (100%)", "PROGRESS: Copy: done");
    }

    @Test
    void offATerminalThousandsOfChangingStatusesPrintALineEveryFewSecondsNotThousands() {
        ProgressDisplay p = new ProgressDisplay(err, false, false, () -> now);
        // 1..5000 | % { Write-Progress -Activity Loop -Status "item $_" -PercentComplete ($_ / 50) }, 2 ms apart
        for (int i = 1; i <= 5000; i++) {
            now += TimeUnit.MILLISECONDS.toNanos(2);
            p.show("Loop", "item " + i, i / 50, false);
        }
        p.show("Loop", "", 100, true);
        assertThat(text().lines().toList()).containsExactly("PROGRESS: Loop: item 1 (0%)", "PROGRESS: Loop: item 2501 (50%)",
                "PROGRESS: Loop: done");
    }

    @Test
    void withErrorsAsJsonProgressLinesAreJsonRecords() throws Exception {
        ProgressDisplay p = new ProgressDisplay(err, true, true, () -> now);
        p.show("Copy", "files", 50, false);
        assertThat(new ObjectMapper().readTree(text())).isEqualTo(new ObjectMapper().readTree(
                "{\"stream\":\"progress\",\"message\":\"Copy: files (50%)\",\"activity\":\"Copy\","
                        + "\"status\":\"files\",\"percentComplete\":50}"));
    }

    @Test
    void onATerminalOneLineIsRedrawnAndErasedBeforeOtherOutput() {
        Reporter r = new Reporter(err, false, false, true);
        r.progress("Copy", "files", 50, false);
        assertThat(text()).startsWith("\rCopy [##########..........] 50% files").doesNotContain("\n");
        r.note("a line");
        String after = text();
        assertThat(after).contains("\r" + " ".repeat(79) + "\r" + "a line\n");
        r.progress("Copy", "files", 100, true);
        assertThat(text()).isEqualTo(after);
    }

    @Test
    void quietHidesProgressAndNotesButNotErrors() {
        Reporter r = new Reporter(err, true, false, false);
        r.progress("Copy", "files", 50, false);
        r.note("a note");
        r.failure(new IllegalStateException("x"), ExitCode.INTERNAL, "it broke");
        assertThat(text()).isEqualTo("exo-bridge: it broke\n");
    }
}
