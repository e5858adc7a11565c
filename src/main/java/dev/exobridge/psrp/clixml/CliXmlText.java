package dev.exobridge.psrp.clixml;

/**
 * The text escaping of CLIXML: characters XML cannot carry (controls, surrogate halves,
 * U+FFFE/U+FFFF) are written as {@code _xHHHH_}, and an underscore that starts {@code _x} or {@code _X} is
 * written as {@code _x005F_} so that decoding is exact. Markup characters are escaped as XML.
 * Decoding lives in {@code XmlConvertDecode}, which the reader uses.
 */
public final class CliXmlText {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private CliXmlText() {
    }

    /** Appends {@code s} to {@code out}, escaped for CLIXML element text or an attribute value. */
    public static void escape(CharSequence s, StringBuilder out) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '_' -> {
                    // pwsh decodes _x and _X alike, so both need the escape.
                    if (i + 1 < n && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
                        out.append("_x005F_");
                    } else {
                        out.append('_');
                    }
                }
                default -> {
                    if (needsCode(c)) {
                        appendCode(c, out);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    /** {@code s} escaped for CLIXML. */
    public static String escape(CharSequence s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        escape(s, sb);
        return sb.toString();
    }

    private static boolean needsCode(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF;
    }

    private static void appendCode(char c, StringBuilder out) {
        out.append("_x").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]).append('_');
    }

}
