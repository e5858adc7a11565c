package dev.exobridge.cli;

import dev.exobridge.pwsh.PwshEnvironment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs the command line in this JVM and captures what a user would see: stdout, stderr and the
 * exit code (jbang's habit for CLI tests).
 *
 * @param exitCode the code {@code exo-bridge} would exit with
 * @param out      stdout as text
 * @param err      stderr as text
 */
record CliRun(int exitCode, String out, String err) {

    /** Runs {@code args} with the real environment and empty stdin. */
    static CliRun of(String... args) {
        return with(PwshEnvironment.system(), "", args);
    }

    /** Runs {@code args} with {@code stdin} as standard input. */
    static CliRun withStdin(String stdin, String... args) {
        return with(PwshEnvironment.system(), stdin, args);
    }

    /** Runs {@code args} with the discovery environment {@code env}. */
    static CliRun with(PwshEnvironment env, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliIo io = new CliIo(new PrintStream(out, false, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), env, false);
        int code = Main.execute(io, args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
    }
}
