package dev.exobridge.cli;

import dev.exobridge.setup.SetupPlan;
import dev.exobridge.setup.SetupReport;
import java.io.PrintStream;

/** Prints the setup library's plan and report, in its own JSON and table forms. */
final class SetupPrint {
    private SetupPrint() {
    }

    static void plan(ExoBridgeCommand root, OutputFormat fmt, SetupPlan plan) {
        root.reporter().done();
        print(root.io().out(), fmt == OutputFormat.JSON ? JsonOutput.pretty(plan.toJson()) + "\n" : plan.toTable());
    }

    static void report(ExoBridgeCommand root, OutputFormat fmt, SetupReport report) {
        root.reporter().done();
        print(root.io().out(), fmt == OutputFormat.JSON ? JsonOutput.pretty(report.toJson()) + "\n" : report.toTable());
    }

    private static void print(PrintStream out, String text) {
        out.print(text);
        out.flush();
    }
}
