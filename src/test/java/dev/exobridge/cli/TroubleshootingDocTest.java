package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/troubleshooting.md against the source, so that it cannot go stale: the exit-code table is
 * {@link ExitCode#markdownTable()} (ExitCodeTableTest's markers) with a section per code; every
 * text the Exchange layer classifies ({@code ExchangeFailures}' lists and patterns, read by
 * reflection) is listed; and every message exo-bridge builds for the failures a job meets (the
 * exception types below, at each place one is made and in their own constructors) is there by
 * its longest fixed part, as is every usage error (exit 2).
 */
class TroubleshootingDocTest {
    static final Path DOC = Path.of("docs", "troubleshooting.md");
    /** The failures of a run and of setup that exo-bridge words itself, and its usage errors. */
    static final List<String> TYPES = List.of("UsageException", "InvalidAuthException", "SetupException", "ExchangeAuthenticationException", "PwshProbeException",
            "ExitCodeException", "ExchangeModuleException", "PwshNotFoundException", "ExchangeThrottledException",
            "ExchangeNotConnectedException", "SessionStartException", "SessionDeadException", "PwshTooOldException",
            "InvocationTimeoutException", "ExchangeTransientException", "UserSettingsException", "WarmUpException",
            "SimulatorException", "BorrowTimeoutException", "HostPromptException", "PsScriptsException");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The page as text: whitespace runs as one space, a table cell's escaped pipe as a pipe. */
    static String doc() throws IOException {
        return Files.readString(DOC).replace("\\|", "|").replaceAll("\\s+", " ");
    }

    @Test
    void everyExitCodeIsInTheTableAndHasASectionWithCauseAndFix() throws IOException {
        String text = Files.readString(DOC);
        int from = text.indexOf(ExitCodeTableTest.START);
        int to = text.indexOf(ExitCodeTableTest.END, from);
        assertThat(from).as("%s holds %s", DOC, ExitCodeTableTest.START.strip()).isNotNegative();
        assertThat(text.substring(from + ExitCodeTableTest.START.length(), to))
                .as("paste between the markers:%n%s", ExitCode.markdownTable()).isEqualTo(ExitCode.markdownTable());
        for (ExitCode c : ExitCode.values()) {
            Matcher m = Pattern.compile("(?m)^### Exit " + c.code() + ": .*\\n((?:(?!^##).*\\n)+)").matcher(text);
            assertThat(m.find()).as("a section '### Exit %d: ...' in %s", c.code(), DOC).isTrue();
            if (c != ExitCode.OK) {
                assertThat(m.group(1)).as("exit %d: its cause and fix", c.code()).contains("Cause:").contains("Fix:");
            }
        }
    }

    @Test
    void everyTextTheExchangeLayerClassifiesIsListed() throws Exception {
        String doc = doc().toLowerCase(Locale.ROOT);
        List<String> missing = new ArrayList<>();
        int texts = 0;
        for (Field f : Class.forName("dev.exobridge.exchange.ExchangeFailures").getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            Object v = f.get(null);
            List<String> wanted = new ArrayList<>();
            if (v instanceof List<?> list) {
                list.forEach(e -> wanted.add(e.toString()));
            } else if (v instanceof Pattern p) {
                wanted.add(p.pattern());
            }
            for (String w : wanted) {
                texts++;
                if (!doc.contains(w.toLowerCase(Locale.ROOT))) {
                    missing.add(f.getName() + ": " + w);
                }
            }
        }
        assertThat(texts).as("the classifier's texts were found").isGreaterThan(10);
        assertThat(missing).as("texts of ExchangeFailures not in %s", DOC).isEmpty();
    }

    /** The longest fixed part of each message made by one of {@link #TYPES}, where it has one. */
    static TreeSet<String> messageKeys() throws IOException {
        TreeSet<String> keys = new TreeSet<>();
        Pattern site = Pattern.compile("new (" + String.join("|", TYPES) + ")\\(|\\bsuper\\(");
        try (Stream<Path> all = Files.walk(Path.of("src", "main", "java"))) {
            for (Path f : (Iterable<Path>) all.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String src = Files.readString(f);
                boolean isType = TYPES.contains(f.getFileName().toString().replace(".java", ""));
                Matcher m = site.matcher(src);
                while (m.find()) {
                    if (m.group(1) == null && !isType) {
                        continue; // super(...) counts only in the constructors of these types
                    }
                    String args = arguments(src, m.end());
                    String longest = "";
                    Matcher lit = LITERAL.matcher(args);
                    while (lit.find()) {
                        String s = lit.group(1).replace("\\n", " ").replace("\\\"", "\"").replace("\\\\", "\\")
                                .replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9.?]+$", "").replaceAll("\\s+", " ");
                        if (s.length() > longest.length()) {
                            longest = s;
                        }
                    }
                    if (longest.length() >= 12) {
                        keys.add(longest);
                    }
                }
            }
        }
        return keys;
    }

    /** The text of a call's arguments, from just after its '(' to its matching ')'. */
    private static String arguments(String src, int start) {
        int depth = 1;
        int i = start;
        while (depth > 0 && i < src.length()) {
            char c = src.charAt(i);
            if (c == '"') {
                i++;
                while (src.charAt(i) != '"') {
                    i += src.charAt(i) == '\\' ? 2 : 1;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            i++;
        }
        return src.substring(start, i - 1);
    }

    @Test
    void everyMessageOfExoBridgesOwnIsListedWithItsCauseAndFix() throws IOException {
        String doc = doc();
        TreeSet<String> keys = messageKeys();
        assertThat(keys).as("messages were found in the source").hasSizeGreaterThan(30)
                .contains("the access token is empty: the provider gave no token");
        List<String> missing = keys.stream().filter(k -> !doc.contains(k)).toList();
        assertThat(missing).as("messages of exo-bridge not in %s (each with its cause and fix)", DOC).isEmpty();
    }
}
