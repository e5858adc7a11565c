package dev.exobridge.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Strings built to be executed by anything that splices text into PowerShell instead of passing
 * it as data: quotes of every kind, {@code $(...)}, backticks, {@code ;}, {@code |}, {@code &},
 * newlines, here-string ends, comment and stop-parsing tokens, CLIXML's own {@code _x0041_}
 * escape and markup, and 1 MB lengths. Every one embeds a command that would create the canary
 * file if it ran. Generated from a fixed seed, so a failure names a string that comes back.
 */
public final class HostileStrings {
    private HostileStrings() {
    }

    /** The commands, in every shape a splice could run, that create {@code canary}. */
    public static List<String> payloads(Path canary) {
        String c = canary.toString().replace("'", "''");
        String ni = "New-Item -ItemType File -Force -Path '" + c + "'";
        return List.of("$(" + ni + ")", "`$(" + ni + ")", "'; " + ni + "; '", "\"; " + ni + "; \"", "; " + ni,
                "| ForEach-Object { " + ni + " }", "& { " + ni + " }", "\n" + ni + "\n", "\r\n" + ni, "`n" + ni,
                "${function:" + ni + "}", "@(" + ni + ")", "'@\n" + ni + "\n@'", "\"@\n" + ni + "\n@\"", "#>\n" + ni,
                "--% " + ni, "$(& touch '" + c + "')", "; touch '" + c + "'", "`; " + ni, "\u2018; " + ni + "; \u2019",
                "\u201C; " + ni + "; \u201D", "<S>$(" + ni + ")</S>", "]]>$(" + ni + ")<![CDATA[", "&lt;$(" + ni + ")",
                "_x0024_(" + ni + ")", "_x0027__x003B_ " + ni);
    }

    private static final List<String> NOISE = List.of("'", "\"", "`", "$", "$(", ")", "${", "}", "@{", "@(", ";", "|", "&",
            "&&", "||", ">", "<", "2>&1", "#", "<#", "#>", "\n", "\r", "\t", " ", "-", "--", "--%", "_x0041_", "_X0041_",
            "_x005F_", "_x_", "_xD800_", "_x0000_", "_x00110000_", "_x", "&amp;", "&#0;", "<Obj>", "</S>", "<![CDATA[",
            "]]>", "$env:PATH", "$null", "$true", "$_", "$input", "@args", "%", "*", "?", "[a]", "\\", "/", "~", "..",
            "\u00e9", "\u4e2d\u6587", "\uD83C\uDF89", "\u202E", "\u2028", "\u00A0", "\uFEFF", "\u2018", "\u201D");

    /**
     * {@code count} hostile strings for {@code canary}: every payload alone and in quotes, then
     * random mixes of payloads and noise; three of them are longer than 1 MB.
     */
    public static List<String> generate(int count, Path canary, long seed) {
        List<String> payloads = payloads(canary);
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(count);
        for (String p : payloads) {
            out.add(p);
            out.add("'" + p + "'");
            out.add("\"" + p + "\"");
        }
        while (out.size() < count - 3) {
            StringBuilder sb = new StringBuilder();
            for (int k = 1 + random.nextInt(6); k > 0; k--) {
                sb.append(NOISE.get(random.nextInt(NOISE.size())));
                if (random.nextInt(3) == 0) {
                    sb.append(payloads.get(random.nextInt(payloads.size())));
                }
            }
            sb.append(payloads.get(random.nextInt(payloads.size())));
            out.add(sb.toString());
        }
        for (int i = 0; out.size() < count; i++) {
            String p = payloads.get(i % payloads.size());
            StringBuilder sb = new StringBuilder(1 << 20 + 1024);
            while (sb.length() < 1 << 20) {
                sb.append(p).append(NOISE.get(sb.length() % NOISE.size()));
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** Text that only the Java API can carry (argv cannot): NUL and lone surrogates, with a payload each. */
    public static List<String> unsendableByArgv(Path canary) {
        String p = payloads(canary).get(0);
        return List.of("\u0000", "a\u0000b" + p, p + "\u0000", "\uD800", "\uDFFF", "x\uD800" + p, p + "\uDC00y",
                "\uDC00\uD800", "\uD83C\uDF89\uD800", "\u0000\uD800\u0000" + p);
    }
}
