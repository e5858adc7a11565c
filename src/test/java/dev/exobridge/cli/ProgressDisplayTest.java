package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainLinesOnlyWhenStatusOrTenthChanges() {
        ProgressDisplay p = new ProgressDisplay(err, false);
        for (int i = 0; i <= 100; i++) {
            p.show("Copy", "files", i, false);
        }
        p.show("Copy", "", 100, true);
        assertThat(text().lines().toList()).hasSize(12).startsWith("PROGRESS: Copy: files (0%)", "PROGRESS: Copy: files (10%)")
                .endsWith("PROGRESS: Copy: files (100%)", "PROGRESS: Copy: done");
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
