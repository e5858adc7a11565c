package dev.exobridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exobridge.session.HostHandler;
import dev.exobridge.session.PowerShellError;
import dev.exobridge.session.StreamListener;
import dev.exobridge.session.StreamRecord;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * What {@code exo-bridge run} shows on stderr while a script runs, rendered as pwsh's console
 * host renders it: the host's write calls ({@code Write}, {@code WriteLine}, the error, warning,
 * verbose and debug lines), which is what Write-Host, Out-Host, Out-Default, {@code -WhatIf}'s
 * "What if:" lines, console writes and the shown warning/verbose/debug records become. A record
 * whose preference hides it (Write-Information under SilentlyContinue) makes no host call and is
 * not shown, as in pwsh. Also notes what the script asked the exit code to be
 * ({@code exit N}, {@code $host.SetShouldExit(N)}) and the {@code -Command} status the run
 * script reports.
 *
 * <p>Error records go to the {@link Reporter} (ErrorText, counted for {@code --fail-on-error}),
 * except a native command's stderr lines (NativeCommandError), which are the tool's text and are
 * printed as such. Progress records go to the Reporter's progress display. {@code --quiet} hides
 * all host text except error lines. Colours (the console host's warning and error colours) only
 * on a terminal.
 */
final class HostOutput implements StreamListener {
    /** The information tag under which run-script.ps1 reports the -Command status (0 or 1). */
    static final String STATUS_TAG = "ExoBridge.RunStatus";
    private static final Set<String> NATIVE_STDERR = Set.of("NativeCommandError", "NativeCommandErrorMessage");
    private static final String YELLOW = "\u001b[33;1m";
    private static final String RED = "\u001b[31;1m";
    private static final String RESET = "\u001b[0m";

    private final Reporter reporter;
    private final PrintStream err;
    private final boolean quiet;
    private final boolean colour;
    private Integer exitRequested;
    private Integer commandStatus;
    /** Whether the last host text ended without a newline (Write-Host -NoNewline). */
    private boolean midLine;
    /** Under --errors-as-json: the text of a line not ended yet. */
    private final StringBuilder pending = new StringBuilder();

    HostOutput(Reporter reporter, PrintStream err, boolean quiet, boolean colour) {
        this.reporter = reporter;
        this.err = err;
        this.quiet = quiet;
        this.colour = colour;
    }

    /** The code the script asked to exit with ({@code exit N}, SetShouldExit), or {@code null}. */
    Integer exitRequested() {
        return exitRequested;
    }

    /** The -Command status: 0 when the last statement succeeded, 1 when not, {@code null} if not reported. */
    Integer commandStatus() {
        return commandStatus;
    }

    @Override
    public void onRecord(StreamRecord record) {
        switch (record.kind()) {
            case PROGRESS -> reporter.onRecord(record);
            case INFORMATION -> {
                if (tags(record.details()).contains(STATUS_TAG)) {
                    commandStatus = record.details().path("MessageData").asInt(0);
                }
            }
            default -> {
                // Shown through the host's WriteWarningLine/WriteVerboseLine/WriteDebugLine calls
                // when the preference says so; the record itself is data.
            }
        }
    }

    @Override
    public void onError(PowerShellError error) {
        if (error.fullyQualifiedErrorId() != null && NATIVE_STDERR.contains(error.fullyQualifiedErrorId())) {
            // A native tool's stderr line, which pwsh -File leaves on the console untouched.
            write(error.message() == null ? "" : error.message(), true, null, "error");
            return;
        }
        if ("ExoBridgeHostPromptRefused".equals(error.fullyQualifiedErrorId())) {
            return; // the refusal is explained once, by RunCommand (PromptRefusal's message)
        }
        endLine();
        reporter.onError(withoutRunScript(error));
    }

    /**
     * The error as pwsh would show it for the script alone: a position inside run-script.ps1
     * (the line that calls the caller's block) and that script's frame in the stack trace are
     * not the script's own, and are left out.
     */
    private static final java.util.regex.Pattern TRACE_LINE = java.util.regex.Pattern.compile(": line (\\d+)");

    static PowerShellError withoutRunScript(PowerShellError e) {
        String trace = e.scriptStackTrace();
        if (trace != null) {
            trace = trace.replaceFirst("(^|\\r?\\n)at <ScriptBlock>, <No file>: line \\d+$", "");
            trace = trace.isEmpty() ? null : trace;
        }
        boolean ours = e.positionMessage() != null && e.positionMessage().contains("$__exo");
        // A position of ours is the line that runs the caller's block: the script's own line is then
        // the one its stack trace names first (Write-Error's record has no position of its own).
        int line = ours ? firstTraceLine(trace) : e.line();
        return new PowerShellError(e.message(), e.category(), e.categoryMessage(), e.activity(), e.reason(),
                e.targetName(), e.targetType(), e.fullyQualifiedErrorId(), e.targetObject(), e.exceptionType(),
                e.exceptionMessage(), trace, e.scriptName(), line, ours ? 0 : e.column(),
                ours ? null : e.positionMessage());
    }

    private static int firstTraceLine(String trace) {
        java.util.regex.Matcher m = trace == null ? null : TRACE_LINE.matcher(trace);
        return m != null && m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    @Override
    public void onHostCall(HostHandler.Call call) {
        List<JsonNode> p = call.parameters();
        switch (call.method()) {
            case "SetShouldExit" -> exitRequested = p.isEmpty() ? 0 : p.get(0).asInt();
            case "Write1" -> hostText(last(p), false, null);
            case "Write2" -> hostText(last(p), false, colours(p));
            case "WriteLine1" -> hostText("", true, null);
            case "WriteLine2" -> hostText(last(p), true, null);
            case "WriteLine3" -> hostText(last(p), true, colours(p));
            case "WriteErrorLine" -> write(last(p), true, RED, "error");
            case "WriteWarningLine" -> hostLine("WARNING: ", last(p), "warning");
            case "WriteVerboseLine" -> hostLine("VERBOSE: ", last(p), "verbose");
            case "WriteDebugLine" -> hostLine("DEBUG: ", last(p), "debug");
            default -> {
                // WriteProgress (shown from the progress records), window and cursor calls.
            }
        }
    }

    /** Ends a line left open by -NoNewline text, before something else is printed. */
    void endLine() {
        if (midLine) {
            if (reporter.errorsAsJson()) {
                reporter.hostRecord("information", pending.toString());
                pending.setLength(0);
            } else {
                err.println();
            }
            midLine = false;
        }
    }

    private void hostText(String text, boolean newline, String ansi) {
        if (!quiet) {
            write(text, newline, ansi, "information");
        }
    }

    /** A warning, verbose or debug line: prefixed as the console host shows it, or that record's JSON. */
    private void hostLine(String prefix, String text, String stream) {
        if (!quiet) {
            endLine();
            write(reporter.errorsAsJson() ? text : prefix + text, true, YELLOW, stream);
        }
    }

    private void write(String text, boolean newline, String ansi, String stream) {
        reporter.beforeData();
        if (reporter.errorsAsJson()) {
            // Every line on stderr one JSON object: host text is a record of its stream, a line
            // left open by -NoNewline waits for its end.
            pending.append(text);
            if (newline) {
                reporter.hostRecord(stream, pending.toString());
                pending.setLength(0);
            }
            midLine = pending.length() > 0;
            return;
        }
        String shown = colour && ansi != null && !text.isEmpty() ? ansi + text + RESET : text;
        if (newline) {
            err.println(shown);
        } else {
            err.print(shown);
            err.flush();
        }
        midLine = !newline && !text.isEmpty() ? true : !newline && midLine;
    }

    /** ANSI SGR codes of System.ConsoleColor 0-15, in the enum's order (Black ... White). */
    private static final int[] FOREGROUND = {30, 34, 32, 36, 31, 35, 33, 37, 90, 94, 92, 96, 91, 95, 93, 97};

    /**
     * The colours of Write-Host -ForegroundColor/-BackgroundColor (the first two parameters of
     * Write2 and WriteLine3), as an ANSI sequence, or {@code null} when there are none.
     */
    private static String colours(List<JsonNode> p) {
        if (p.size() < 3) {
            return null;
        }
        StringBuilder sgr = new StringBuilder();
        int fg = p.get(0).asInt(-1);
        int bg = p.get(1).asInt(-1);
        // The remote host has no console colours of its own, so pwsh fills a colour not given
        // with 0 (Black): 0 is taken as "not given" rather than painting black on black.
        if (fg > 0 && fg < 16) {
            sgr.append(FOREGROUND[fg]);
        }
        if (bg > 0 && bg < 16) {
            sgr.append(sgr.length() > 0 ? ";" : "").append(FOREGROUND[bg] + 10);
        }
        return sgr.length() == 0 ? null : "\u001b[" + sgr + "m";
    }

    private static String last(List<JsonNode> p) {
        return p.isEmpty() || p.get(p.size() - 1).isNull() ? "" : p.get(p.size() - 1).asText();
    }

    private static List<String> tags(JsonNode details) {
        JsonNode t = details.path("Tags");
        if (!t.isArray()) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>();
        t.forEach(n -> out.add(n.asText()));
        return out;
    }
}
