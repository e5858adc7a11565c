package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * One exit-code table, {@link ExitCode}'s: the README's and docs/cli.md's copies are
 * {@link ExitCode#markdownTable()} exactly, and {@code --help} lists every code. A code added to
 * the enum fails this test until the docs hold it; the failure shows the table to paste.
 */
class ExitCodeTableTest {
    static final String START = "<!-- exit codes: generated from dev.exobridge.cli.ExitCode, checked by ExitCodeTableTest -->\n";
    static final String END = "<!-- end of exit codes -->\n";

    private static String tableIn(Path file) throws IOException {
        String text = Files.readString(file);
        int from = text.indexOf(START);
        int to = text.indexOf(END, from);
        assertThat(from).as("%s holds the marker %s", file, START.strip()).isNotNegative();
        assertThat(to).as("%s holds the marker %s", file, END.strip()).isPositive();
        return text.substring(from + START.length(), to);
    }

    @Test
    void theReadmeAndCliDocHoldExitCodesTableExactly() throws IOException {
        for (Path doc : new Path[] {Path.of("README.md"), Path.of("docs", "cli.md")}) {
            assertThat(tableIn(doc)).as("the exit codes of %s; paste this between its markers:%n%s", doc,
                    ExitCode.markdownTable()).isEqualTo(ExitCode.markdownTable());
        }
    }

    @Test
    void helpListsEveryCodeWithItsDescription() {
        CliRun help = CliRun.of("--help");
        assertThat(help.exitCode()).isZero();
        for (ExitCode c : ExitCode.values()) {
            assertThat(help.out().replaceAll("\\s+", " ")).contains(c.code() + " " + c.description());
        }
        assertThat(Arrays.stream(ExitCode.values()).mapToInt(ExitCode::code).distinct().count())
                .isEqualTo(ExitCode.values().length);
    }
}
