package dev.exobridge.psrp.clixml;

import java.time.Duration;

/**
 * The {@code xs:duration} text of a .NET {@code TimeSpan}, as CLIXML {@code <TS>} carries it and
 * as {@code XmlConvert.ToString(TimeSpan)} writes it: an optional minus for the whole value,
 * days, hours, minutes and seconds with up to seven fraction digits, zero parts left out
 * ({@code PT1H2M3.4567891S}, {@code P1DT2H}, {@code -PT5S}, {@code PT0S}).
 */
public final class XsDuration {
    private static final long TICKS_PER_SECOND = 10_000_000L;
    /** Ticks of Y, M (month), D, H, M (minute), S. */
    private static final long[] TICKS_PER_UNIT = {365 * 864_000_000_000L, 30 * 864_000_000_000L,
        864_000_000_000L, 36_000_000_000L, 600_000_000L, TICKS_PER_SECOND};

    private XsDuration() {
    }

    /**
     * Parses {@code text} (surrounding XML whitespace allowed). Years and months are read as .NET
     * reads them, 365 and 30 days; pwsh never writes them.
     *
     * @throws IllegalArgumentException when it is no xs:duration, has more than seven fraction
     *                                  digits, or lies outside the range of a TimeSpan
     */
    public static Duration parse(String text) {
        String t = PrimitiveText.trim(text);
        int n = t.length();
        int i = 0;
        // Summed with the sign applied part by part, so TimeSpan.MinValue (-2^63 ticks) fits.
        long sign = 1;
        if (i < n && t.charAt(i) == '-') {
            sign = -1;
            i++;
        }
        if (i >= n || t.charAt(i++) != 'P') {
            throw notDuration();
        }
        long ticks = 0;
        boolean any = false;
        boolean time = false;
        int lastUnit = -1;
        try {
            while (i < n) {
                if (t.charAt(i) == 'T') {
                    if (time || i + 1 >= n) {
                        throw notDuration();
                    }
                    time = true;
                    i++;
                    continue;
                }
                int start = i;
                while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
                    i++;
                }
                if (i == start || i >= n) {
                    throw notDuration();
                }
                long value = Long.parseLong(t, start, i, 10);
                long fraction = 0;
                if (t.charAt(i) == '.') {
                    int fracStart = ++i;
                    while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
                        i++;
                    }
                    int digits = i - fracStart;
                    if (!time || digits == 0 || digits > 7 || i >= n || t.charAt(i) != 'S') {
                        throw notDuration();
                    }
                    fraction = Long.parseLong(t, fracStart, i, 10);
                    for (int k = digits; k < 7; k++) {
                        fraction *= 10;
                    }
                }
                int unit = (time ? "HMS" : "YMD").indexOf(t.charAt(i++));
                if (unit < 0) {
                    throw notDuration();
                }
                unit += time ? 3 : 0;
                if (unit <= lastUnit) {
                    throw notDuration();
                }
                lastUnit = unit;
                ticks = Math.addExact(ticks, Math.multiplyExact(sign * value, TICKS_PER_UNIT[unit]));
                ticks = Math.addExact(ticks, sign * fraction);
                any = true;
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("outside the range of a TimeSpan");
        }
        if (!any) {
            throw notDuration();
        }
        return ofTicks(ticks);
    }

    private static IllegalArgumentException notDuration() {
        return new IllegalArgumentException("not an xs:duration");
    }

    /** The duration of {@code ticks} 100 ns ticks. */
    public static Duration ofTicks(long ticks) {
        return Duration.ofSeconds(Math.floorDiv(ticks, TICKS_PER_SECOND), Math.floorMod(ticks, TICKS_PER_SECOND) * 100);
    }

    /**
     * The text .NET writes for this duration, truncated to whole 100 ns ticks. Every value of a
     * TimeSpan is written exactly; longer durations are written too (TimeSpan cannot hold them).
     */
    public static String format(Duration d) {
        StringBuilder sb = new StringBuilder(24);
        if (d.isNegative()) {
            sb.append('-');
            d = d.negated();
        }
        long seconds = d.getSeconds();
        long ticks = d.getNano() / 100;
        long days = seconds / 86_400;
        long hours = seconds / 3_600 % 24;
        long minutes = seconds / 60 % 60;
        long secs = seconds % 60;
        sb.append('P');
        if (days != 0) {
            sb.append(days).append('D');
        }
        if (hours != 0 || minutes != 0 || secs != 0 || ticks != 0 || days == 0) {
            sb.append('T');
            if (hours != 0) {
                sb.append(hours).append('H');
            }
            if (minutes != 0) {
                sb.append(minutes).append('M');
            }
            if (secs != 0 || ticks != 0 || (days == 0 && hours == 0 && minutes == 0)) {
                sb.append(secs);
                if (ticks != 0) {
                    // Seven digits with leading zeros, trailing zeros dropped: .NET's "F7"-like form.
                    String f = Long.toString(ticks + 10_000_000L);
                    int end = f.length();
                    while (f.charAt(end - 1) == '0') {
                        end--;
                    }
                    sb.append('.').append(f, 1, end);
                }
                sb.append('S');
            }
        }
        return sb.toString();
    }
}
