package dev.exobridge.cli;

import dev.exobridge.pwsh.PwshEnvironment;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a command talks to: stdout for data only, stderr for everything else, stdin, the
 * environment discovery reads, and whether stderr is a terminal (progress bars) or not (plain
 * lines). Tests build their own to capture out, err and exit code in-process.
 *
 * @param out              data only (JSON, NDJSON, tables)
 * @param err              records, errors, progress, our log lines
 * @param in               standard input
 * @param environment      what pwsh discovery reads (variables, OS, home)
 * @param stderrIsTerminal whether progress may redraw one line with a bar
 */
public record CliIo(PrintStream out, PrintStream err, InputStream in, PwshEnvironment environment,
                    boolean stderrIsTerminal) {
    /**
     * System property the launcher sets to {@code true} when stderr is a terminal (Java cannot
     * tell for stderr alone). Default when unset: whether the JVM has a console.
     */
    public static final String STDERR_TTY_PROPERTY = "exobridge.stderr.tty";

    /** Checks that nothing is null. */
    public CliIo {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(environment, "environment");
    }

    /**
     * The real process: UTF-8 stdout and stderr over the file descriptors (not autoflushed: the
     * writers flush when a unit of output is complete), the system environment.
     */
    public static CliIo system() {
        String tty = System.getProperty(STDERR_TTY_PROPERTY);
        boolean terminal = tty != null ? Boolean.parseBoolean(tty) : System.console() != null;
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.err), 1 << 13),
                true, StandardCharsets.UTF_8);
        return new CliIo(out, err, System.in, PwshEnvironment.system(), terminal);
    }
}
