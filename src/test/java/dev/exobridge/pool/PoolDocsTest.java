package dev.exobridge.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/pool.md's table of defaults says what PoolOptions does (the defaults are stated once, in its javadoc). */
class PoolDocsTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([a-zA-Z]+)[^`]*` \\| ([^|]+) \\|", Pattern.MULTILINE);

    @Test
    void theTableOfDefaultsMatchesPoolOptions() throws IOException {
        String doc = Files.readString(Path.of("docs/pool.md"));
        Map<String, String> table = new LinkedHashMap<>();
        Matcher m = ROW.matcher(doc);
        while (m.find()) {
            table.put(m.group(1), m.group(2).trim());
        }
        PoolOptions o = PoolOptions.builder().build();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("sessions", o.minSessions() + ", " + o.maxSessions());
        expected.put("runspacesPerSession", Integer.toString(o.runspacesPerSession()));
        expected.put("borrowTimeout", text(o.borrowTimeout()));
        expected.put("defaultCallTimeout", text(o.defaultCallTimeout()));
        expected.put("maxUses", String.format(java.util.Locale.ROOT, "%,d calls", o.maxUses()));
        expected.put("maxAge", text(o.maxAge()));
        expected.put("lifetimeJitter", Double.toString(o.lifetimeJitter()));
        expected.put("idleTimeout", text(o.idleTimeout()));
        expected.put("healthCheck", "`" + o.healthCheckScript() + "`, " + text(o.healthCheckAfterIdle()) + ", "
                + text(o.healthCheckTimeout()));
        expected.put("maxRetries", Integer.toString(o.maxRetries()));
        expected.put("housekeepingPeriod", text(o.housekeepingPeriod()));
        expected.put("startBackoff", text(o.backoffInitial()) + ", " + text(o.backoffMax()));
        assertThat(table).containsAllEntriesOf(expected);
    }

    /** As the docs write durations: "30 s", "60 s", "10 min". */
    private static String text(Duration d) {
        return d.toSeconds() <= 60 || d.toSeconds() % 60 != 0 ? d.toSeconds() + " s" : d.toMinutes() + " min";
    }
}
