package dev.exobridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.exobridge.json.ResultObject;
import dev.exobridge.testsupport.TestPwsh;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Streaming with back-pressure: bounded memory, early close stops the pipeline. */
class SessionStreamingTest {

    @Test
    void hundredThousandObjectsStreamUnderA128MegabyteHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                StreamingMain.class.getName(), TestPwsh.pwsh().toString(), "100000").redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(out).isZero();
        assertThat(out).contains("count=100000 ordered=true");
    }

    @Test
    void closingAStreamEarlyStopsThePipelineAndKeepsTheSession() {
        try (PwshSession s = PwshSession.start(SessionTestSupport.options().outputBuffer(8).build())) {
            List<Integer> seen = new ArrayList<>();
            try (ResultStream r = s.stream(Invocation.script("1..1000000000 | ForEach-Object { $_ }").build())) {
                for (int i = 0; i < 5 && r.hasNext(); i++) {
                    seen.add(r.next().json().intValue());
                }
            }
            assertThat(seen).containsExactly(1, 2, 3, 4, 5);
            assertThat(s.isReady()).isTrue();
            assertThat(s.activeCalls()).isZero();
            assertThat(s.invoke(Invocation.script("'next'").timeout(Duration.ofSeconds(30)).build()).output().get(0)
                    .json().textValue()).isEqualTo("next");
        }
    }

    @Test
    void streamSummaryCarriesErrorsAndRecords() {
        try (PwshSession s = SessionTestSupport.start(); ResultStream r = s.stream(Invocation.script(
                "1; Write-Warning 'careful'; Write-Error 'oops'; 2").build())) {
            List<Integer> got = r.stream().map(o -> o.json().intValue()).toList();
            assertThat(got).containsExactly(1, 2);
            assertThat(r.summary().output()).isEmpty();
            assertThat(r.summary().errors()).extracting(PowerShellError::message).containsExactly("oops");
            assertThat(r.summary().records(StreamKind.WARNING)).extracting(StreamRecord::message).containsExactly("careful");
        }
    }

    /** Child JVM: streams N objects, checks order, prints the count and peak heap. */
    public static final class StreamingMain {
        public static void main(String[] args) {
            int n = Integer.parseInt(args[1]);
            long count = 0;
            boolean ordered = true;
            try (PwshSession s = PwshSession.start(SessionOptions.builder().pwsh(Path.of(args[0])).build());
                 ResultStream r = s.stream(Invocation.script("param($n) 1..$n | ForEach-Object { [pscustomobject]@{ "
                         + "Id = $_; Name = \"item$_\"; When = [datetime]'2020-01-02' } }").param("n", n).build())) {
                while (r.hasNext()) {
                    ResultObject o = r.next();
                    count++;
                    ordered &= o.json().get("Id").longValue() == count;
                }
            }
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.println("count=" + count + " ordered=" + ordered + " peakHeapMiB=" + peak / (1024 * 1024));
        }
    }
}
