package dev.exobridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.exobridge.testsupport.TestPwsh;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Micrometer is optional: without it on the class path every other class loads and a pool works. */
class WithoutMicrometerTest {
    @TempDir
    Path tmp;

    @Test
    void everyClassButTheBinderLoadsAndAPoolWorksWithoutMicrometer() throws Exception {
        List<String> entries = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        String cp = entries.stream().filter(e -> {
            String l = e.toLowerCase(Locale.ROOT);
            return !l.contains("micrometer") && !l.contains("hdrhistogram");
        }).collect(Collectors.joining(File.pathSeparator));
        assertThat(cp.split(File.pathSeparator)).as("Micrometer was on the test class path and is left out")
                .hasSizeLessThan(entries.size());
        Path classes = Path.of(WithoutMicrometer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolveSibling("classes");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + tmp,
                "-cp", cp, WithoutMicrometer.class.getName(), classes.toString(), TestPwsh.pwsh().toString())
                .redirectErrorStream(true);
        pb.environment().put("HOME", tmp.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        System.out.println(out);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.strip()).endsWith("ok");
        assertThat(out).containsPattern("loaded [1-9][0-9]{2,} classes");
    }
}
