package dev.exobridge.testsupport;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One change to a recorded input: a bit flipped, a byte or token set or inserted, a span deleted,
 * duplicated or moved, the input cut short, or a fragment's declared length replaced. Positions
 * are fractions of the input's length so that one mutation fits inputs of any size; jqwik
 * generates and shrinks them.
 *
 * @param op     what to do
 * @param at     where, as a fraction of the length in [0, 1)
 * @param length how many bytes or chars a span covers
 * @param value  the byte, int or token index written
 */
public record Mutation(Op op, double at, int length, int value) {

    /** The kinds of change. */
    public enum Op { FLIP_BIT, SET, INSERT, DELETE, TRUNCATE, DUPLICATE, MOVE, DECLARED_LENGTH }

    /** Text that CLIXML and packet parsers react to, inserted or written by string mutations. */
    static final List<String> TOKENS = List.of("<", ">", "/>", "</", "&", "&amp;", "&#0;", "&#xD800;", "\"", "'", "=",
            "_x", "_x0041_", "_X004_", "_xFFFFFFFF_", "_x80000000_", "_x0010FFFF_", "_xD800_", "_xDC00__xD800_",
            "<Obj RefId=\"0\">", "</Obj>", "<Ref RefId=\"0\" />", "<TNRef RefId=\"0\" />", "<TN RefId=\"0\"><T>x</T></TN>",
            "<S>", "</S>", "<I32>", "</I32>", "<MS>", "</MS>", "<LST>", "</LST>", "<DCT><En>", "N=\"Key\"", "N=\"Value\"",
            "<Nil />", "<SS>AAAA</SS>", "<PR>", "<BA>", "<DT>", "<TS>", "<G>", "<U64>", "<D>", "<Db>", "<Version>",
            "-", "+", "99999999999999999999999", "9223372036854775808", ".", "e", "E999999999", "T", "Z", "P", ":",
            "<![CDATA[", "]]>", "<!--", "-->", "<?xml version=\"1.0\"?>", "<!DOCTYPE x>", "\uFEFF", "\uD800", "\uDFFF",
            "\u0000", "\n", "\r", " ", "<Data", "</Data>", " PSGuid='", " Stream='", "00000000-0000-0000-0000-000000000000",
            "====", "A", "/", "+/");

    /** Ints that lengths and counts break on. */
    private static final int[] EDGE_INTS = {0, 1, -1, 2, 20, 21, 22, 255, 65_535, Integer.MAX_VALUE, Integer.MIN_VALUE,
        Integer.MAX_VALUE - 20, 0x7FFF_FFF0, 1 << 30, 512 << 20};

    /** Any mutation. */
    public static Arbitrary<Mutation> any() {
        Arbitrary<Integer> values = Arbitraries.oneOf(Arbitraries.integers(),
                Arbitraries.integers().between(0, EDGE_INTS.length - 1).map(i -> EDGE_INTS[i]));
        return Combinators.combine(Arbitraries.of(Op.class), Arbitraries.doubles().between(0, 1).ofScale(4),
                Arbitraries.integers().between(0, 300), values).as(Mutation::new);
    }

    /** Up to {@code max} mutations, at least one. */
    public static Arbitrary<List<Mutation>> some(int max) {
        return any().list().ofMinSize(1).ofMaxSize(max);
    }

    private int pos(int n) {
        return Math.min(n, (int) (at * (n + 1)));
    }

    /** {@code in} with every mutation applied in turn. */
    public static byte[] apply(byte[] in, List<Mutation> ms) {
        byte[] b = in;
        for (Mutation m : ms) {
            b = m.apply(b);
        }
        return b;
    }

    /** {@code in} with every mutation applied in turn. */
    public static String apply(String in, List<Mutation> ms) {
        String s = in;
        for (Mutation m : ms) {
            s = m.apply(s);
        }
        return s;
    }

    byte[] apply(byte[] b) {
        int n = b.length;
        int p = pos(n);
        int end = Math.min(n, p + length);
        switch (op) {
            case FLIP_BIT, SET -> {
                if (n == 0) {
                    return new byte[] {(byte) value};
                }
                byte[] c = b.clone();
                int i = Math.min(p, n - 1);
                c[i] = op == Op.SET ? (byte) value : (byte) (c[i] ^ (1 << (Math.abs(value) % 8)));
                return c;
            }
            case INSERT -> {
                byte[] add = new byte[Math.min(length, 64)];
                for (int i = 0; i < add.length; i++) {
                    add[i] = (byte) (value >>> (8 * (i % 4)));
                }
                return splice(b, p, p, add);
            }
            case DELETE -> {
                return splice(b, p, end, new byte[0]);
            }
            case TRUNCATE -> {
                return java.util.Arrays.copyOf(b, p);
            }
            case DUPLICATE -> {
                return splice(b, end, end, java.util.Arrays.copyOfRange(b, p, end));
            }
            case MOVE -> {
                byte[] span = java.util.Arrays.copyOfRange(b, p, end);
                byte[] rest = splice(b, p, end, new byte[0]);
                int to = Math.min(rest.length, Math.abs(value % (rest.length + 1)));
                return splice(rest, to, to, span);
            }
            case DECLARED_LENGTH -> {
                return declaredLength(b, length, value);
            }
            default -> throw new IllegalStateException(op.toString());
        }
    }

    /** Replaces the length field of the {@code index}-th fragment header (counting around) with {@code value}. */
    private static byte[] declaredLength(byte[] b, int index, int value) {
        java.util.List<Integer> fields = new java.util.ArrayList<>();
        int at = 0;
        while (at + 21 <= b.length) {
            fields.add(at + 17);
            int len = ByteBuffer.wrap(b, at + 17, 4).getInt();
            if (len < 0 || at + 21L + len > b.length) {
                break;
            }
            at += 21 + len;
        }
        if (fields.isEmpty()) {
            return b;
        }
        byte[] c = b.clone();
        ByteBuffer.wrap(c).putInt(fields.get(index % fields.size()), value);
        return c;
    }

    String apply(String s) {
        int n = s.length();
        int p = pos(n);
        int end = Math.min(n, p + length);
        String token = TOKENS.get(Math.floorMod(value, TOKENS.size()));
        return switch (op) {
            case FLIP_BIT -> n == 0 ? token
                    : s.substring(0, Math.min(p, n - 1)) + (char) (s.charAt(Math.min(p, n - 1)) ^ (1 << (Math.abs(value) % 16)))
                    + s.substring(Math.min(p, n - 1) + 1);
            case SET -> s.substring(0, p) + token + s.substring(Math.min(n, p + token.length()));
            case INSERT -> s.substring(0, p) + token + s.substring(p);
            case DELETE -> s.substring(0, p) + s.substring(end);
            case TRUNCATE -> s.substring(0, p);
            case DUPLICATE -> s.substring(0, end) + s.substring(p, end) + s.substring(end);
            case MOVE -> {
                String span = s.substring(p, end);
                String rest = s.substring(0, p) + s.substring(end);
                int to = Math.min(rest.length(), Math.abs(value % (rest.length() + 1)));
                yield rest.substring(0, to) + span + rest.substring(to);
            }
            // Text has no declared lengths; a number is the nearest thing.
            case DECLARED_LENGTH -> s.substring(0, p) + value + s.substring(p);
        };
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] with) {
        byte[] c = new byte[b.length - (to - from) + with.length];
        System.arraycopy(b, 0, c, 0, from);
        System.arraycopy(with, 0, c, from, with.length);
        System.arraycopy(b, to, c, from + with.length, b.length - to);
        return c;
    }
}
