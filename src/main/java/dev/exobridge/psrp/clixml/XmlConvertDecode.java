package dev.exobridge.psrp.clixml;

/**
 * Decodes CLIXML text escapes exactly as PowerShell's deserializer does (it calls .NET's
 * {@code XmlConvert.DecodeName}), checked against pwsh 7.6:
 * <ul>
 *   <li>{@code _xHHHH_}: one UTF-16 unit (so surrogate halves, even lone ones, come through);</li>
 *   <li>{@code _xHHHHHHHH_}: one code point; above U+10FFFF the text is kept as written, except
 *       from {@code _x80000000_} on, where .NET's 32-bit sum wraps and the low 16 bits make one
 *       UTF-16 unit;</li>
 *   <li>the {@code x} may be upper case and the hex digits either case;</li>
 *   <li>anything else (too few digits, no closing underscore) is kept literally.</li>
 * </ul>
 * Sequences do not overlap: the closing underscore of one cannot open the next, which is what
 * makes PowerShell's {@code _x005F_} escape of a literal {@code _x} exact.
 */
final class XmlConvertDecode {
    private XmlConvertDecode() {
    }

    /** {@code s} with every escape sequence decoded; {@code s} itself when it has none. */
    static String decode(String s) {
        int at = s.indexOf('_');
        if (at < 0) {
            return s;
        }
        StringBuilder sb = null;
        int copied = 0;
        int n = s.length();
        while (at >= 0 && at + 6 < n) {
            int next = at + 1;
            char x = s.charAt(at + 1);
            if ((x == 'x' || x == 'X') && isHex(s, at + 2, at + 6)) {
                if (s.charAt(at + 6) == '_') {
                    sb = flush(sb, s, copied, at);
                    sb.append((char) Integer.parseInt(s, at + 2, at + 6, 16));
                    copied = next = at + 7;
                } else if (at + 10 < n && s.charAt(at + 10) == '_' && isHex(s, at + 6, at + 10)) {
                    // .NET sums the digits into a 32-bit int: from 8 on the first digit the sum
                    // wraps negative and .NET keeps its low 16 bits as one char (pwsh 7.6 decodes
                    // _xFFFFFFFF_ to U+FFFF). Integer.parseInt threw on those.
                    int cp = (int) Long.parseLong(s, at + 2, at + 10, 16);
                    if (cp < 0) {
                        sb = flush(sb, s, copied, at);
                        sb.append((char) cp);
                        copied = at + 11;
                    } else if (cp <= Character.MAX_CODE_POINT) {
                        sb = flush(sb, s, copied, at);
                        sb.appendCodePoint(cp);
                        copied = at + 11;
                    }
                    // A code point beyond Unicode stays as written, but its underscore is used up.
                    next = at + 11;
                }
            }
            at = s.indexOf('_', next);
        }
        if (sb == null) {
            return s;
        }
        return sb.append(s, copied, n).toString();
    }

    private static StringBuilder flush(StringBuilder sb, String s, int from, int to) {
        if (sb == null) {
            sb = new StringBuilder(s.length());
        }
        return sb.append(s, from, to);
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }
}
