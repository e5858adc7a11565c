package dev.exobridge.session;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random PowerShell values as script text that builds them afresh each time it runs (so no object
 * is reachable twice): PSCustomObjects, arrays, ArrayLists, hashtables and ordered dictionaries
 * nested to a few levels, over every primitive the fast serialiser writes, with edge values
 * (controls, lone surrogates, "_x" text, NaN, subnormals, decimal scales, every DateTime kind),
 * and now and then a value it must leave to PowerShell's serialiser.
 *
 * @param text      the PowerShell expression
 * @param supported whether the fast serialiser should take the value whole
 */
record PsShapes(String text, boolean supported) {

    /** A value nested at most {@code depth} levels. */
    static Arbitrary<PsShapes> value(int depth) {
        if (depth == 0) {
            return Arbitraries.frequencyOf(
                    net.jqwik.api.Tuple.of(20, primitive()),
                    net.jqwik.api.Tuple.of(1, foreign()));
        }
        Arbitrary<PsShapes> inner = value(depth - 1);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, primitive()),
                net.jqwik.api.Tuple.of(4, custom(inner)),
                net.jqwik.api.Tuple.of(2, list(inner, "@(", ")")),
                net.jqwik.api.Tuple.of(1, list(inner, "[System.Collections.ArrayList]@(", ")")),
                net.jqwik.api.Tuple.of(1, dictionary(inner, "@{")),
                net.jqwik.api.Tuple.of(1, dictionary(inner, "[ordered]@{")),
                net.jqwik.api.Tuple.of(1, foreign()));
    }

    /** A PSCustomObject at the top, as output usually is. */
    static Arbitrary<PsShapes> object() {
        return custom(value(3));
    }

    private static Arbitrary<PsShapes> custom(Arbitrary<PsShapes> inner) {
        return Combinators.combine(inner.list().ofMaxSize(6), name().list().ofSize(6)).as((values, names) -> {
            StringBuilder sb = new StringBuilder("[pscustomobject][ordered]@{ ");
            boolean ok = true;
            for (int i = 0; i < values.size(); i++) {
                // Unique names (pwsh refuses duplicate keys, case-insensitively).
                sb.append('(').append(string(names.get(i) + "#" + i)).append(") = ").append(values.get(i).text()).append("; ");
                ok &= values.get(i).supported();
            }
            return new PsShapes(sb.append('}').toString(), ok);
        });
    }

    private static Arbitrary<PsShapes> list(Arbitrary<PsShapes> inner, String open, String close) {
        // One element takes the unary comma: @((x)) would unroll an x that enumerates (a list,
        // say) into the array itself, and the array would then hold x's items, not x.
        return inner.list().ofMaxSize(4).map(values -> new PsShapes(open + (values.size() == 1 ? ", " : "")
                + values.stream().map(v -> "(" + v.text() + ")").collect(Collectors.joining(", ")) + close,
                values.stream().allMatch(PsShapes::supported)));
    }

    private static Arbitrary<PsShapes> dictionary(Arbitrary<PsShapes> inner, String open) {
        return Combinators.combine(inner.list().ofMaxSize(4), Arbitraries.integers().between(0, 1)).as((values, intKeys) -> {
            StringBuilder sb = new StringBuilder(open).append(' ');
            for (int i = 0; i < values.size(); i++) {
                String key = intKeys == 1 ? Integer.toString(i * 7 - 3) : string("k" + i);
                sb.append('(').append(key).append(") = (").append(values.get(i).text()).append("); ");
            }
            return new PsShapes(sb.append('}').toString(), values.stream().allMatch(PsShapes::supported));
        });
    }

    private static Arbitrary<String> name() {
        return Arbitraries.oneOf(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                Arbitraries.of("_x0041_", "_X", "a b", "<&>\"'", "\u00e9t\u00e9", "\uD83D\uDE00", "\t", "x\u0085"));
    }

    /** A string as script text that makes it char by char, whatever the chars are. */
    static String string(String s) {
        if (s.isEmpty()) {
            return "''";
        }
        return "[string]::new([char[]]@(" + s.chars().mapToObj(Integer::toString).collect(Collectors.joining(",")) + "))";
    }

    private static Arbitrary<PsShapes> primitive() {
        List<Arbitrary<String>> all = new ArrayList<>();
        all.add(Arbitraries.integers().map(i -> "[int]" + paren(i)));
        all.add(Arbitraries.longs().map(l -> "[long]" + paren(l)));
        all.add(Arbitraries.integers().between(-128, 127).map(i -> "[sbyte]" + paren(i)));
        all.add(Arbitraries.integers().between(0, 255).map(i -> "[byte]" + i));
        all.add(Arbitraries.integers().between(-32768, 32767).map(i -> "[int16]" + paren(i)));
        all.add(Arbitraries.integers().between(0, 65535).map(i -> "[uint16]" + i));
        all.add(Arbitraries.longs().between(0, 4294967295L).map(i -> "[uint32]" + i));
        all.add(Arbitraries.bigIntegers().between(java.math.BigInteger.ZERO, new java.math.BigInteger("18446744073709551615"))
                .map(i -> "[uint64]'" + i + "'"));
        all.add(Arbitraries.longs().map(l -> "[BitConverter]::Int64BitsToDouble(" + paren(l) + ")"));
        all.add(Arbitraries.of("0.1", "1.5", "-0.0", "1e300", "[double]::NaN", "[double]::PositiveInfinity",
                "[double]::NegativeInfinity", "[double]::Epsilon", "[double]::MaxValue").map(d -> "[double](" + d + ")"));
        all.add(Arbitraries.integers().map(i -> "[BitConverter]::Int32BitsToSingle(" + paren(i) + ")"));
        all.add(Combinators.combine(Arbitraries.integers(), Arbitraries.integers(), Arbitraries.integers(),
                Arbitraries.of(true, false), Arbitraries.integers().between(0, 28))
                .as((lo, mid, hi, neg, scale) -> "[decimal]::new(" + paren(lo) + ", " + paren(mid) + ", " + paren(hi) + ", $"
                        + neg + ", " + scale + ")"));
        all.add(Combinators.combine(Arbitraries.longs().between(0, 3155378975999999999L), Arbitraries.of("Utc", "Local", "Unspecified"))
                .as((t, k) -> "[datetime]::new(" + t + ", '" + k + "')"));
        all.add(Arbitraries.longs().map(t -> "[timespan]::new(" + paren(t) + ")"));
        all.add(Arbitraries.create(java.util.UUID::randomUUID).map(u -> "[guid]'" + u + "'"));
        all.add(Arbitraries.of("$true", "$false", "$null"));
        all.add(Arbitraries.integers().between(0, 255).list().ofMaxSize(40)
                .map(b -> "[byte[]]@(" + b.stream().map(String::valueOf).collect(Collectors.joining(",")) + ")"));
        all.add(Arbitraries.integers().between(0, 0xFFFF).map(c -> "[char]" + c));
        all.add(Arbitraries.of("http://x/", "https://contoso.com/a%20b c?q=1&r=<2>#f", "file:///tmp/x", "mailto:a@b.c")
                .map(u -> "[uri]" + string(u)));
        all.add(Arbitraries.of("1.2", "1.2.3", "1.2.3.4", "0.0").map(v -> "[version]'" + v + "'"));
        // (U+FFFE and U+FFFF left out: the client's CLIXML reader refuses the character references
        // both serialisers write for them, and the session dies; a limit of the reader, not of
        // the fast serialiser.)
        all.add(Arbitraries.strings().all().excludeChars('\uFFFE', '\uFFFF').ofMaxLength(30).map(PsShapes::string));
        all.add(Arbitraries.strings().withChars("_xX0A9Fa<&>\"' \n\r\t\u0000\u007f\u0085\uD800\uDC00\uFFFD")
                .ofMaxLength(20).map(PsShapes::string));
        all.add(Arbitraries.strings().alpha().numeric().ofMaxLength(20).map(s -> "'" + s + "'"));
        // A pipeline's $_ (a PSObject around the value), as Exchange's objects hold them.
        all.add(Arbitraries.integers().map(i -> "(" + paren(i) + " | ForEach-Object { $_ })"));
        return Arbitraries.oneOf(all).map(t -> new PsShapes(t, true));
    }

    /** Values the fast serialiser must leave to PowerShell's. */
    private static Arbitrary<PsShapes> foreign() {
        return Arbitraries.of(
                "[datetimeoffset]::new(637000000000000000, [timespan]::FromHours(-3))",
                "[IO.FileAttributes]'ReadOnly, Hidden'",
                "[pscustomobject]@{ PSTypeName = 'My.Type'; a = 1 }",
                "([pscustomobject]@{ a = 1 } | Add-Member -MemberType ScriptProperty -Name b -Value { 2 } -PassThru)",
                "([string]::new([char[]]@(97,98)) | Add-Member -Force -NotePropertyName n -NotePropertyValue x -PassThru)",
                "(Get-Date -Date '2020-01-01')",
                "[System.Collections.Generic.List[int]]::new()",
                "[bigint]::Pow(2, 100)",
                "[switch]$true",
                "[System.Text.StringBuilder]::new('sb')",
                "$($o = [pscustomobject]@{ a = 1 }; [pscustomobject]@{ x = $o; y = $o })",
                "[DBNull]::Value",
                "[xml]'<a b=\"1\"/>'",
                "{ echo 'hi' }").map(t -> new PsShapes(t, false));
    }

    private static String paren(long v) {
        return v < 0 ? "(" + v + ")" : Long.toString(v);
    }
}
