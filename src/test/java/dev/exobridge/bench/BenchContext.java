package dev.exobridge.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/** What every section needs: the options, the pwsh all contenders share, and where to print. */
final class BenchContext {
    final BenchOptions options;
    private final PrintStream progress;

    BenchContext(BenchOptions options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    Path pwsh() {
        return options.pwsh;
    }

    OfficialClient officialClient() {
        return new OfficialClient(options.pwsh, options.officialClient);
    }

    /** A line on stderr while a section runs, so a long run visibly moves; not part of the results. */
    void progress(String format, Object... args) {
        progress.printf(Locale.ROOT, "  .. " + format + "%n", args);
        progress.flush();
    }
}
