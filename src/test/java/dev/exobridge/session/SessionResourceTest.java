package dev.exobridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing leaks over many calls; several pipelines run at once on a multi-runspace session. */
class SessionResourceTest {

    @Test
    void tenThousandSequentialCallsLeakNoThreadsFilesOrProcesses() throws IOException {
        try (PwshSession s = SessionTestSupport.start()) {
            for (int i = 0; i < 200; i++) {
                s.invoke("1");
            }
            int threads = Thread.activeCount();
            long files = openFiles();
            long children = ProcessHandle.current().descendants().count();
            for (int i = 0; i < 10_000; i++) {
                assertThat(s.invoke("$args.Count + 1").output().get(0).json().intValue()).isEqualTo(1);
            }
            // Not more than before: what earlier tests of this JVM left may still be ending meanwhile.
            assertThat(Thread.activeCount()).isLessThanOrEqualTo(threads);
            assertThat(openFiles()).isLessThanOrEqualTo(files);
            assertThat(ProcessHandle.current().descendants().count()).isLessThanOrEqualTo(children);
            assertThat(s.activeCalls()).isZero();
        }
    }

    private static long openFiles() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void pipelinesRunConcurrentlyUpToTheRunspaceCount(@TempDir Path tmp) throws Exception {
        Path started = tmp.resolve("started");
        Path flag = tmp.resolve("flag");
        try (PwshSession s = PwshSession.start(SessionTestSupport.options().runspaces(2).build())) {
            // The first call can only finish once the second one ran: with one runspace the second
            // would wait in pwsh's queue behind the first, which then times out.
            CompletableFuture<InvocationResult> waiter = CompletableFuture.supplyAsync(() -> s.invoke(Invocation.script(
                    "param($s, $f) [IO.File]::WriteAllText($s, 'x'); "
                    + "while (-not (Test-Path -LiteralPath $f)) { Start-Sleep -Milliseconds 20 }; 'saw it'")
                    .param("s", started.toString()).param("f", flag.toString()).timeout(Duration.ofSeconds(30)).build()));
            // Ordered by an event, not a sleep: the first call is running inside pwsh.
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                while (!Files.exists(started) && !waiter.isDone()) {
                    Thread.sleep(10);
                }
            });
            s.invoke(Invocation.script("param($f) New-Item -ItemType File -Path $f | Out-Null").param("f", flag.toString())
                    .timeout(Duration.ofSeconds(30)).build());
            assertThat(waiter.get(30, TimeUnit.SECONDS).output().get(0).json().textValue()).isEqualTo("saw it");
        }
    }
}
