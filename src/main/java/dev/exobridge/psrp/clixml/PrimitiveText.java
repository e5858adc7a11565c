package dev.exobridge.psrp.clixml;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The lexical forms of CLIXML primitives (MS-PSRP 2.2.5.1) both ways: {@link #parse} reads them as
 * .NET's {@code XmlConvert} reads them (numbers in invariant culture with surrounding XML
 * whitespace allowed, nothing else), {@link #format} writes them as .NET reads them back. Every
 * failure is an {@link IllegalArgumentException} whose message says what was wrong; the reader
 * adds the element and position.
 */
final class PrimitiveText {
    // The hot types (numbers, DateTime, Guid, TimeSpan) use hand-written scanners, not regular
    // expressions; Version is rare enough for one.
    private static final Pattern VERSION = Pattern.compile("\\d{1,10}(?:\\.\\d{1,10}){1,3}");
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigDecimal DECIMAL_MAX = new BigDecimal("79228162514264337593543950335");

    private PrimitiveText() {
    }

    /**
     * The Java value of a primitive (of {@link PsType#javaType()}), from its element text with
     * {@code _xHHHH_} escapes already decoded for the string-like types.
     */
    static Object parse(PsType type, String text) {
        return switch (type) {
            case STRING, URI, XML_DOCUMENT, SCRIPT_BLOCK -> text;
            case CHAR -> (char) integer(text, 0, 0xFFFF);
            case BOOLEAN -> bool(text);
            case DATE_TIME -> dateTime(text);
            case DURATION -> XsDuration.parse(text);
            case UNSIGNED_BYTE -> (short) integer(text, 0, 255);
            case SIGNED_BYTE -> (byte) integer(text, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case UINT16 -> (int) integer(text, 0, 0xFFFF);
            case INT16 -> (short) integer(text, Short.MIN_VALUE, Short.MAX_VALUE);
            case UINT32 -> integer(text, 0, 0xFFFF_FFFFL);
            case INT32 -> (int) integer(text, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case INT64 -> integer(text, Long.MIN_VALUE, Long.MAX_VALUE);
            case UINT64 -> uint64(text);
            case FLOAT -> (float) real(text, true);
            case DOUBLE -> real(text, false);
            case DECIMAL -> decimal(text);
            case BYTE_ARRAY -> base64(text);
            case GUID -> guid(text);
            case VERSION -> version(text);
        };
    }

    /**
     * The element text (before {@code _xHHHH_} escaping) of a value of {@link PsType#javaType()}:
     * what {@link #parse} reads back to an equal value.
     *
     * @throws IllegalArgumentException when the value does not fit the type (a Decimal beyond
     *                                  System.Decimal)
     */
    static String format(PsType type, Object value) {
        return switch (type) {
            case STRING, URI, XML_DOCUMENT, SCRIPT_BLOCK, VERSION -> (String) value;
            case CHAR -> Integer.toString((Character) value);
            case BOOLEAN -> (Boolean) value ? "true" : "false";
            case DATE_TIME -> ((PsDateTime) value).toIsoString();
            case DURATION -> XsDuration.format((java.time.Duration) value);
            case UNSIGNED_BYTE, SIGNED_BYTE, UINT16, INT16, UINT32, INT32, INT64, UINT64 -> value.toString();
            case FLOAT -> singleText((Float) value);
            case DOUBLE -> doubleText((Double) value);
            case DECIMAL -> decimalText((BigDecimal) value);
            case BYTE_ARRAY -> Base64.getEncoder().encodeToString((byte[]) value);
            case GUID -> value.toString();
        };
    }

    /** xs:double text as .NET reads it: NaN, INF, -INF or a round-trip decimal form. */
    static String doubleText(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "INF" : "-INF";
        }
        return Double.toString(d);
    }

    /** xs:float text: the float's own shortest form (1.1, not the double 1.100000023841858). */
    static String singleText(float f) {
        if (Float.isNaN(f)) {
            return "NaN";
        }
        if (Float.isInfinite(f)) {
            return f > 0 ? "INF" : "-INF";
        }
        return Float.toString(f);
    }

    /** A Decimal's plain text; a scale past 28 is cut only when no digit is lost. */
    static String decimalText(BigDecimal d) {
        if (d.unscaledValue().abs().compareTo(DECIMAL_MAX.toBigInteger()) > 0 || d.scale() > 28 || d.scale() < -28) {
            BigDecimal r;
            try {
                r = d.setScale(Math.min(28, Math.max(d.scale(), 0)), java.math.RoundingMode.UNNECESSARY);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("decimal " + d + " does not fit System.Decimal");
            }
            if (r.unscaledValue().abs().compareTo(DECIMAL_MAX.toBigInteger()) > 0) {
                throw new IllegalArgumentException("decimal " + d + " does not fit System.Decimal");
            }
            return r.toPlainString();
        }
        return d.toPlainString();
    }

    /** A DateTime: UTC with {@code Z}, local with an offset, unspecified without; 7 fraction digits at most. */
    static PsDateTime dateTime(String text) {
        String t = trim(text);
        int n = t.length();
        if (n < 19 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':') {
            throw notDateTime();
        }
        int i = 19;
        int nanos = 0;
        if (i < n && t.charAt(i) == '.') {
            int start = ++i;
            while (i < n && isDigit(t.charAt(i))) {
                i++;
            }
            if (i == start || i - start > 7) {
                throw notDateTime();
            }
            nanos = digits(t, start, i);
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        String zone = t.substring(i);
        boolean offset = zone.length() == 6 && (zone.charAt(0) == '+' || zone.charAt(0) == '-') && zone.charAt(3) == ':';
        if (!zone.isEmpty() && !zone.equals("Z") && !(offset && allDigits(zone, 1, 3) && allDigits(zone, 4, 6))) {
            throw notDateTime();
        }
        try {
            LocalDateTime dt = LocalDateTime.of(digits(t, 0, 4), digits(t, 5, 7), digits(t, 8, 10), digits(t, 11, 13),
                    digits(t, 14, 16), digits(t, 17, 19), nanos);
            if (zone.isEmpty()) {
                return new PsDateTime(dt, PsDateTime.Kind.UNSPECIFIED, null);
            }
            if (zone.equals("Z")) {
                return new PsDateTime(dt, PsDateTime.Kind.UTC, ZoneOffset.UTC);
            }
            return new PsDateTime(dt, PsDateTime.Kind.LOCAL, ZoneOffset.of(zone));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a valid date and time: " + e.getMessage());
        }
    }

    /** {@code text} without the XML whitespace (space, tab, CR, LF) around it, as XmlConvert trims. */
    static String trim(String text) {
        int from = 0;
        int to = text.length();
        while (from < to && isXmlSpace(text.charAt(from))) {
            from++;
        }
        while (to > from && isXmlSpace(text.charAt(to - 1))) {
            to--;
        }
        return from == 0 && to == text.length() ? text : text.substring(from, to);
    }

    private static boolean isXmlSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static IllegalArgumentException notDateTime() {
        return new IllegalArgumentException("not a DateTime (yyyy-MM-ddTHH:mm:ss[.fffffff][Z|+hh:mm])");
    }

    /** The number written by the ASCII digits {@code t[from, to)} of a DateTime. */
    private static int digits(String t, int from, int to) {
        if (!allDigits(t, from, to)) {
            throw notDateTime();
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (t.charAt(i) - '0');
        }
        return v;
    }

    private static boolean allDigits(String t, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean bool(String text) {
        return switch (trim(text)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException("not a Boolean (true, false, 1 or 0)");
        };
    }

    /** An integer in {@code [min, max]}: optional sign, ASCII digits only (Java would take other digits). */
    private static long integer(String text, long min, long max) {
        String t = trim(text);
        if (!isInteger(t)) {
            throw new IllegalArgumentException("not an integer");
        }
        long v;
        try {
            v = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("out of range [" + min + ", " + max + "]");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException("out of range [" + min + ", " + max + "]");
        }
        return v;
    }

    private static BigInteger uint64(String text) {
        String t = trim(text);
        if (!isInteger(t)) {
            throw new IllegalArgumentException("not an integer");
        }
        BigInteger v = new BigInteger(t);
        if (v.signum() < 0 || v.compareTo(UINT64_MAX) > 0) {
            throw new IllegalArgumentException("out of range [0, " + UINT64_MAX + "]");
        }
        return v;
    }

    private static boolean isInteger(String t) {
        int i = !t.isEmpty() && (t.charAt(0) == '-' || t.charAt(0) == '+') ? 1 : 0;
        if (i == t.length()) {
            return false;
        }
        for (; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** .NET writes NaN, INF and -INF; .NET Core also reads Infinity and -Infinity. Overflow gives infinity, as in .NET Core. */
    private static double real(String text, boolean single) {
        String t = trim(text);
        switch (t) {
            case "NaN":
                return Double.NaN;
            case "INF", "Infinity":
                return Double.POSITIVE_INFINITY;
            case "-INF", "-Infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                if (!isReal(t, true)) {
                    throw new IllegalArgumentException("not a " + (single ? "Single" : "Double"));
                }
                return single ? Float.parseFloat(t) : Double.parseDouble(t);
        }
    }

    /** {@code [+-]?(digits[.digits?]|.digits)} and, when allowed, {@code [eE][+-]?digits}: what .NET reads. */
    private static boolean isReal(String t, boolean exponent) {
        int n = t.length();
        int i = n > 0 && (t.charAt(0) == '+' || t.charAt(0) == '-') ? 1 : 0;
        int intStart = i;
        while (i < n && isDigit(t.charAt(i))) {
            i++;
        }
        int intDigits = i - intStart;
        int fracDigits = 0;
        if (i < n && t.charAt(i) == '.') {
            int fracStart = ++i;
            while (i < n && isDigit(t.charAt(i))) {
                i++;
            }
            fracDigits = i - fracStart;
        }
        if (intDigits == 0 && fracDigits == 0) {
            return false;
        }
        if (exponent && i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
            i++;
            if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
                i++;
            }
            int expStart = i;
            while (i < n && isDigit(t.charAt(i))) {
                i++;
            }
            if (i == expStart) {
                return false;
            }
        }
        return i == n;
    }

    private static BigDecimal decimal(String text) {
        String t = trim(text);
        if (!isReal(t, false)) {
            throw new IllegalArgumentException("not a Decimal");
        }
        BigDecimal d = new BigDecimal(t);
        if (d.abs().compareTo(DECIMAL_MAX) > 0) {
            throw new IllegalArgumentException("out of the range of a Decimal");
        }
        return d;
    }

    private static byte[] base64(String text) {
        // Whitespace may wrap long base64 text; anything else outside the alphabet is an error.
        String t = text.indexOf(' ') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0 && text.indexOf('\t') < 0
                ? text : text.replaceAll("[ \\t\\r\\n]", "");
        try {
            return Base64.getDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64: " + e.getMessage());
        }
    }

    private static UUID guid(String text) {
        String t = trim(text);
        if (t.length() == 38 && t.charAt(0) == '{' && t.charAt(37) == '}') {
            t = t.substring(1, 37);
        }
        if (t.length() != 36) {
            throw new IllegalArgumentException("not a Guid");
        }
        for (int i = 0; i < 36; i++) {
            char c = t.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : Character.digit(c, 16) >= 0 && c < 128;
            if (!ok) {
                throw new IllegalArgumentException("not a Guid");
            }
        }
        return UUID.fromString(t);
    }

    private static String version(String text) {
        String t = trim(text);
        if (!VERSION.matcher(t).matches()) {
            throw new IllegalArgumentException("not a Version (2 to 4 numbers with dots)");
        }
        return t;
    }
}
