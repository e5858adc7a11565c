package dev.exobridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.exobridge.json.ResultObject;
import dev.exobridge.testsupport.HostileStrings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input (issue 16): 1,000 strings (the system property {@value #COUNT_PROPERTY} or the
 * environment variable {@value #COUNT_ENV} raises the count for the long form) that would run a command if anything spliced them into
 * PowerShell (see {@link HostileStrings}) go through real pwsh as parameter values, hashtable
 * keys and pipeline input. Each comes back verbatim and the canary file their commands would
 * create stays absent. The canary command itself is shown to work, so the absence means something.
 */
class HostileInputTest {
    /** System property giving the number of hostile strings (default 1,000). */
    static final String COUNT_PROPERTY = "exobridge.hostile.count";
    /** Environment variable doing the same when the property is unset. */
    static final String COUNT_ENV = "EXOBRIDGE_HOSTILE_COUNT";
    static final int COUNT = count();
    /** Strings per call: parameters, keys or input items (a PSRP pipeline costs about 0.1 s on a loaded machine). */
    static final int BATCH = 50;
    static PwshSession session;
    @TempDir
    static Path dir;
    static Path canary;
    static List<String> hostile;

    @BeforeAll
    static void start(org.junit.jupiter.api.TestInfo info) {
        canary = dir.resolve("canary it's $(here)");
        hostile = HostileStrings.generate(COUNT, canary, 16);
        // pwsh gets a HOME and XDG folders of its own: nothing of the real HOME is read or written.
        Path home = dir.resolve("home");
        session = PwshSession.start(SessionTestSupport.options()
                .fastLane(SessionTestSupport.OnFastLane.class.isAssignableFrom(info.getTestClass().orElseThrow()))
                .environment("HOME", home.toString())
                .environment("XDG_CONFIG_HOME", home.resolve(".config").toString())
                .environment("XDG_DATA_HOME", home.resolve(".local/share").toString())
                .environment("XDG_CACHE_HOME", home.resolve(".cache").toString())
                .build());
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
    }

    private static int count() {
        String v = System.getProperty(COUNT_PROPERTY, System.getenv(COUNT_ENV));
        return v == null || v.isBlank() ? 1000 : Math.max(100, Integer.parseInt(v.strip()));
    }

    private void figures(String what, List<String> sent) {
        System.out.printf("hostile %-26s %,7d strings, %,11d chars: all verbatim, canary absent (%s)%n", what, sent.size(),
                sent.stream().mapToLong(String::length).sum(), this instanceof SessionTestSupport.OnFastLane ? "fast lane" : "PSRP pipelines");
    }

    @AfterEach
    void nothingRan() {
        assertThat(canary).as("a hostile string was executed").doesNotExist();
    }

    @Test
    void theCanaryCommandCreatesTheCanaryWhenItDoesRun() throws IOException {
        Path proof = dir.resolve("proof it's $(here)");
        for (String p : HostileStrings.payloads(proof).subList(0, 1)) {
            InvocationResult r = session.invoke(p.substring(2, p.length() - 1));
            assertThat(r.errors()).isEmpty();
        }
        assertThat(proof).exists();
        Files.delete(proof);
    }

    @Test
    void hostileParameterValuesComeBackVerbatim() {
        assertThat(hostile).hasSize(COUNT);
        for (int from = 0; from < COUNT; from += BATCH) {
            List<String> batch = hostile.subList(from, Math.min(COUNT, from + BATCH));
            StringBuilder script = new StringBuilder("param(");
            Invocation.Builder b = Invocation.script("");
            for (int i = 0; i < batch.size(); i++) {
                script.append(i == 0 ? "" : ", ").append("$p").append(i);
            }
            script.append(") ");
            for (int i = 0; i < batch.size(); i++) {
                script.append(",$p").append(i).append("; ");
            }
            b = Invocation.script(script.toString());
            for (int i = 0; i < batch.size(); i++) {
                b.param("p" + i, batch.get(i));
            }
            assertVerbatim(session.invoke(b.build()), batch);
        }
        figures("parameter values", hostile);
    }

    @Test
    void hostilePipelineInputComesBackVerbatim() {
        for (int from = 0; from < COUNT; from += BATCH) {
            List<String> batch = hostile.subList(from, Math.min(COUNT, from + BATCH));
            assertVerbatim(session.invoke(Invocation.script("process { ,$_ }").input(batch).build()), batch);
        }
        figures("pipeline input", hostile);
    }

    @Test
    void hostileHashtableKeysComeBackVerbatim() {
        // PowerShell may compare keys without case; keys that differ only by case would collide.
        Set<String> seen = new TreeSet<>();
        List<String> keys = new ArrayList<>();
        for (String s : hostile) {
            if (seen.add(s.toLowerCase(Locale.ROOT))) {
                keys.add(s);
            }
        }
        assertThat(keys).hasSizeGreaterThan(COUNT * 9 / 10);
        for (int from = 0; from < keys.size(); from += BATCH) {
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + BATCH));
            Map<String, Object> table = new LinkedHashMap<>();
            for (int i = 0; i < batch.size(); i++) {
                table.put(batch.get(i), i);
            }
            // Each key, then the value it looks up: both the key's text and its identity survive.
            InvocationResult r = session.invoke(Invocation.script("param($t) foreach ($k in $t.Keys) { ,$k; $t[$k] }")
                    .param("t", table).build());
            assertThat(r.errors()).isEmpty();
            Map<String, Integer> back = new LinkedHashMap<>();
            for (int i = 0; i + 1 < r.output().size(); i += 2) {
                back.put(r.output().get(i).json().textValue(), r.output().get(i + 1).json().intValue());
            }
            assertThat(r.output()).hasSize(2 * batch.size());
            for (int i = 0; i < batch.size(); i++) {
                assertThat(back).as("key %s", shown(batch.get(i))).containsEntry(batch.get(i), i);
            }
        }
        figures("hashtable keys", keys);
    }

    /** NUL and lone surrogates, which no command line can carry, as value, pipeline input and key. */
    @Test
    void nulAndLoneSurrogatesComeBackVerbatimThroughTheJavaApi() {
        List<String> odd = HostileStrings.unsendableByArgv(canary);
        for (String s : odd) {
            assertVerbatim(session.invoke(Invocation.script("param($v) ,$v").param("v", s).build()), List.of(s));
        }
        assertVerbatim(session.invoke(Invocation.script("process { ,$_ }").input(odd).build()), odd);
        Map<String, Object> table = new LinkedHashMap<>();
        odd.forEach(s -> table.put(s, s));
        InvocationResult r = session.invoke(Invocation.script("param($t) foreach ($k in $t.Keys) { ,$t[$k] }")
                .param("t", table).build());
        assertThat(r.errors()).isEmpty();
        assertThat(r.output()).extracting(o -> o.json().textValue()).containsExactlyInAnyOrderElementsOf(odd);
        figures("NUL and lone surrogates", odd);
    }

    static void assertVerbatim(InvocationResult r, List<String> sent) {
        assertThat(r.errors()).isEmpty();
        List<String> got = r.output().stream().map(ResultObject::json).map(j -> j.textValue()).toList();
        assertThat(got).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            if (!sent.get(i).equals(got.get(i))) {
                throw new AssertionError("string " + i + " did not come back verbatim: sent " + shown(sent.get(i))
                        + ", got " + shown(got.get(i)));
            }
        }
    }

    /** A string with its invisible characters as \\uXXXX, shortened. */
    static String shown(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < Math.min(s.length(), 300); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c > 0x7E ? String.format("\\u%04X", (int) c) : String.valueOf(c));
        }
        return sb.append(s.length() > 300 ? "...\" (" + s.length() + " chars)" : "\"").toString();
    }
}
