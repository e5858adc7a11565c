package dev.exobridge.cli;

/**
 * Sets up slf4j-simple, the logging binding of the executable jar, before the first logger
 * exists (so from the raw arguments, before picocli parses them): our own log lines go to stderr, at {@code warn} by default, {@code debug} with
 * {@code --verbose}, {@code error} with {@code --quiet}. A property the user already set
 * ({@code -Dorg.slf4j.simpleLogger...}) is left alone.
 */
final class Logging {
    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private Logging() {
    }

    static void configure(boolean verbose, boolean quiet) {
        setDefault("defaultLogLevel", verbose ? "debug" : quiet ? "error" : "warn");
        setDefault("logFile", "System.err");
        setDefault("showDateTime", "true");
        setDefault("dateTimeFormat", "HH:mm:ss.SSS");
        setDefault("showThreadName", "false");
        setDefault("showShortLogName", "true");
        setDefault("levelInBrackets", "true");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
