package dev.exobridge.bench;

/**
 * A contender could not be measured (missing tool, wrong output, timeout). Its message is one
 * readable line that the table prints as "failed: ...", never a stack trace.
 */
final class ContenderFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ContenderFailure(String message) {
        super(message);
    }

    /** A one-line reason for any failure: its own message, or the root cause's class and message. */
    static String reason(Throwable t) {
        if (t instanceof ContenderFailure) {
            return t.getMessage();
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        String line = root.getClass().getSimpleName() + message;
        int newline = line.indexOf('\n');
        line = newline < 0 ? line : line.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 197) + "..." : line;
    }
}
