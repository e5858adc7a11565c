package dev.exobridge.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads a duration as people type it: a number with a unit ({@code 500ms}, {@code 30s},
 * {@code 5m}, {@code 2h}, {@code 1d}), several of them ({@code 1m30s}), or ISO-8601
 * ({@code PT30S}). A bare number is refused, because the unit would be a guess. The result must
 * be positive.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h|d))+");

    /**
     * Parses {@code text} (see the class comment).
     *
     * @throws CommandLine.TypeConversionException with a message showing the accepted forms
     */
    @Override
    public Duration convert(String text) {
        return parse(text);
    }

    /** The same as {@link #convert(String)}, usable without picocli. */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Duration d;
        if (t.startsWith("p") || t.startsWith("-p")) {
            try {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        } else if (WHOLE.matcher(t).matches()) {
            d = Duration.ZERO;
            Matcher m = PART.matcher(t);
            try {
                while (m.find()) {
                    long n = Long.parseLong(m.group(1));
                    d = d.plus(switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    });
                }
            } catch (ArithmeticException | NumberFormatException e) {
                throw invalid(text);
            }
        } else {
            throw invalid(text);
        }
        if (d.isZero() || d.isNegative()) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a positive duration; "
                    + "give for example 30s, 5m or PT30S");
        }
        return d;
    }

    private static CommandLine.TypeConversionException invalid(String text) {
        return new CommandLine.TypeConversionException("'" + text + "' is not a duration; give a number with a unit "
                + "(500ms, 30s, 5m, 2h, 1d, or combined like 1m30s) or ISO-8601 (PT30S)");
    }
}
