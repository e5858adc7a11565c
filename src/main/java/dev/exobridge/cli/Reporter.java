package dev.exobridge.cli;

import dev.exobridge.json.RecordJson;
import dev.exobridge.session.PowerShellError;
import dev.exobridge.session.StreamKind;
import dev.exobridge.session.StreamListener;
import dev.exobridge.session.StreamRecord;
import java.io.PrintStream;

/**
 * Everything a command says on stderr: PowerShell's warning, verbose, debug and information
 * records ({@code WARNING: ...}, {@code VERBOSE: ...}, {@code DEBUG: ...}, information and
 * Write-Host text as is), progress ({@link ProgressDisplay}), errors ({@link ErrorText}) and
 * exo-bridge's own notes; with {@code --errors-as-json} every record and error is one JSON
 * object a line (records as {@link StreamRecord#toJson()}). {@code --quiet} hides records, progress and notes; errors always show.
 * Counts the PowerShell errors written, which decides exit code 1.
 */
final class Reporter implements StreamListener {
    private final PrintStream err;
    private final boolean quiet;
    private final boolean errorsAsJson;
    private final ProgressDisplay progress;
    private int errorCount;

    Reporter(PrintStream err, boolean quiet, boolean errorsAsJson, boolean terminal) {
        this.err = err;
        this.quiet = quiet;
        this.errorsAsJson = errorsAsJson;
        this.progress = new ProgressDisplay(err, terminal, errorsAsJson, System::nanoTime);
    }

    @Override
    public void onRecord(StreamRecord record) {
        if (quiet) {
            return;
        }
        if (record.kind() == StreamKind.PROGRESS) {
            progress.show(record.details());
        } else if (errorsAsJson) {
            // One JSON object a line on stderr, records as errors, so a reader never meets plain text.
            line(JsonOutput.compact(record.toJson()));
        } else {
            line(prefix(record.kind()) + record.message());
        }
    }

    /** A switch expression: a new StreamKind does not compile until it is given its text. */
    private static String prefix(StreamKind kind) {
        return switch (kind) {
            case WARNING -> "WARNING: ";
            case VERBOSE -> "VERBOSE: ";
            case DEBUG -> "DEBUG: ";
            case PROGRESS -> "PROGRESS: ";
            case INFORMATION -> "";
        };
    }

    @Override
    public void onError(PowerShellError error) {
        errorCount++;
        line(errorsAsJson ? ErrorText.json(error) : ErrorText.text(error));
    }

    /** A terminating PowerShell error: shown like any other error record. */
    void terminatingError(PowerShellError error) {
        onError(error);
    }

    /** A failure of exo-bridge itself (not a PowerShell error record): always shown. */
    void failure(Throwable failure, ExitCode code, String message) {
        line(errorsAsJson ? ErrorText.json(failure, code, message) : "exo-bridge: " + message);
    }

    /** A note for people (what is being done), hidden by --quiet. */
    void note(String text) {
        if (!quiet) {
            line(errorsAsJson ? JsonOutput.compact(RecordJson.of("information", text)) : text);
        }
    }

    /** Progress of exo-bridge's own work (installs); hidden by --quiet. */
    void progress(String activity, String status, int percent, boolean completed) {
        if (!quiet) {
            progress.show(activity, status, percent, completed);
        }
    }

    /** Ends an activity of {@link #progress}: with its "done" line when it succeeded, silently when it failed. */
    void progressEnded(String activity, boolean succeeded) {
        if (quiet) {
            return;
        }
        if (succeeded) {
            progress.show(activity, "", 100, true);
        } else {
            progress.abandon(activity);
        }
    }

    /** PowerShell error records written so far. */
    int errorCount() {
        return errorCount;
    }

    /** Erases a progress bar before data goes to stdout, which may be the same terminal. */
    void beforeData() {
        progress.clear();
    }

    /** Whether stderr carries one JSON object a line ({@code --errors-as-json}). */
    boolean errorsAsJson() {
        return errorsAsJson;
    }

    /** A line of host text under {@code --errors-as-json}: a record of that stream, in the records' shape. */
    void hostRecord(String stream, String text) {
        line(JsonOutput.compact(RecordJson.of(stream, text)));
    }

    /** Erases a progress bar, e.g. before the command ends. */
    void done() {
        progress.clear();
        err.flush();
    }

    private void line(String text) {
        progress.clear();
        err.println(text);
    }
}
