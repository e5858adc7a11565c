package dev.exobridge.psrp.clixml;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A .NET {@code DateTime} as CLIXML carries it: the date and time to the 100 ns tick, and its
 * kind. {@code offset} is {@code null} for {@link Kind#UNSPECIFIED}, {@code Z} for
 * {@link Kind#UTC} and the sender's offset for {@link Kind#LOCAL}.
 *
 * @param dateTime the wall-clock date and time (nanoseconds are a multiple of 100)
 * @param kind     the .NET DateTimeKind
 * @param offset   the offset as written, or {@code null} when unspecified
 */
public record PsDateTime(LocalDateTime dateTime, Kind kind, ZoneOffset offset) {

    /** .NET's {@code DateTimeKind}. */
    public enum Kind { UNSPECIFIED, UTC, LOCAL }

    public PsDateTime {
        Objects.requireNonNull(dateTime, "dateTime");
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.UNSPECIFIED) != (offset == null)) {
            throw new IllegalArgumentException("an offset is given exactly when the kind is not UNSPECIFIED");
        }
    }

    /**
     * ISO-8601 text with seven fraction digits when there is a fraction: {@code Z} for UTC, the
     * offset for local, nothing for unspecified. This is also the CLIXML form.
     */
    public String toIsoString() {
        // By hand rather than String.format: this runs once per date of every output object.
        StringBuilder sb = new StringBuilder(35);
        pad(sb, dateTime.getYear(), 4).append('-');
        pad(sb, dateTime.getMonthValue(), 2).append('-');
        pad(sb, dateTime.getDayOfMonth(), 2).append('T');
        pad(sb, dateTime.getHour(), 2).append(':');
        pad(sb, dateTime.getMinute(), 2).append(':');
        pad(sb, dateTime.getSecond(), 2);
        int ticks = dateTime.getNano() / 100;
        if (ticks != 0) {
            pad(sb.append('.'), ticks, 7);
        }
        if (kind == Kind.UTC) {
            sb.append('Z');
        } else if (kind == Kind.LOCAL) {
            sb.append(offset.getId().equals("Z") ? "+00:00" : offset.getId());
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return toIsoString();
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(digits);
    }
}
