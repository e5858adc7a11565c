package dev.exobridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.exobridge.psrp.ProtocolException;
import dev.exobridge.testsupport.TestPwsh;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real faults: hung pipelines, killed and exiting processes, garbage on the channel, a dead JVM. */
class SessionFaultTest {

    @Test
    void anOpenSessionIsClosedByTheLibrarysOneShutdownHook() {
        PwshSession s = SessionTestSupport.start();
        try {
            assertThat(dev.exobridge.ShutdownHook.installed()).isTrue();
            assertThat(dev.exobridge.ShutdownHook.registered()).contains(s);
        } finally {
            s.close();
        }
        assertThat(dev.exobridge.ShutdownHook.registered()).doesNotContain(s);
    }

    @Test
    void aMissingPwshIsAClearPrerequisiteError(@TempDir Path tmp) {
        Path missing = tmp.resolve("no-such-dir/pwsh");
        assertThatThrownBy(() -> PwshSession.start(SessionOptions.builder().pwsh(missing).build()))
                .isInstanceOf(dev.exobridge.pwsh.PwshNotFoundException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void timeoutStopsThePipelineAndTheSessionStaysUsable() {
        try (PwshSession s = SessionTestSupport.start()) {
            assertThatThrownBy(() -> s.invoke(Invocation.script("'first'; Start-Sleep -Seconds 600")
                    .timeout(Duration.ofSeconds(2)).build()))
                    .isInstanceOfSatisfying(InvocationTimeoutException.class, e -> {
                        assertThat(e.sessionKilled()).isFalse();
                        assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(2));
                        assertThat(e.partialResult().output()).extracting(o -> o.json().textValue()).containsExactly("first");
                        assertThat(e.getMessage()).contains("PT2S").contains("stopped");
                    });
            assertThat(s.isReady()).isTrue();
            assertThat(s.invoke("1+1").output().get(0).json().intValue()).isEqualTo(2);
        }
    }

    @Test
    void aPipelineThatIgnoresStopGetsItsProcessKilledAfterTheGracePeriod() {
        try (PwshSession s = PwshSession.start(SessionTestSupport.options().stopGrace(Duration.ofSeconds(2)).build())) {
            long pid = s.pid();
            assertThatThrownBy(() -> s.invoke(Invocation.script("[System.Threading.Thread]::Sleep(600000)")
                    .timeout(Duration.ofSeconds(1)).build()))
                    .isInstanceOfSatisfying(InvocationTimeoutException.class, e -> assertThat(e.sessionKilled()).isTrue());
            assertThat(s.isAlive()).isFalse();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThatThrownBy(() -> s.invoke("1")).isInstanceOf(SessionDeadException.class);
        }
    }

    /**
     * A Stop whose pipeline never reaches a final state: its {@code finally} block blocks (pwsh
     * acknowledges Stop only once Stop has run, so the acknowledgement never comes either). Stop
     * is sent once, and when the one grace runs out the session is killed. Before, a grace that
     * ran out inside the stop loop re-entered it and sent Stop again with a fresh grace. Ordered by
     * events: the stream is closed (which stops its pipeline) once the script is inside its try.
     */
    @Test
    void aStopThatNeverEndsIsSentOnceAndKillsTheSessionAfterOneGrace(@TempDir Path tmp) throws Exception {
        Path inside = tmp.resolve("inside");
        Path stopped = tmp.resolve("stopped");
        Path transcript = tmp.resolve("transcript");
        try (PwshSession s = PwshSession.start(SessionTestSupport.options().fastLane(false)
                .stopGrace(Duration.ofSeconds(2)).transcriptDirectory(transcript).build())) {
            long pid = s.pid();
            ResultStream call = s.stream(Invocation.script("""
                    param($i, $f)
                    try {
                        [IO.File]::WriteAllText($i, "inside")
                        Start-Sleep -Seconds 600
                    } finally {
                        [IO.File]::WriteAllText($f, "in finally")
                        [Threading.Thread]::Sleep(600000)
                    }
                    """).param("i", inside.toString()).param("f", stopped.toString()).build());
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                while (!java.nio.file.Files.exists(inside)) {
                    Thread.sleep(20);
                }
            });
            assertTimeoutPreemptively(Duration.ofSeconds(30), call::close);
            assertThat(stopped).as("Stop reached the pipeline, which ran its finally block").exists();
            assertThat(s.isAlive()).isFalse();
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                while (ProcessHandle.of(pid).map(SessionFaultTest::aliveAndNotZombie).orElse(false)) {
                    Thread.sleep(50);
                }
            });
        }
        assertThat(java.nio.file.Files.readAllLines(transcript.resolve("client-to-server.log")))
                .as("Stop packets sent").filteredOn(l -> l.startsWith("<Signal")).hasSize(1);
    }

    /**
     * A pwsh frozen (SIGSTOP) before it takes a call: the call ends with its timeout and the
     * session is killed at once, on a pipeline of its own and on the fast lane. Before, a pipeline
     * call failed with a plain "did not send CommandAck" and the frozen process lived on.
     */
    @Test
    void aFrozenPwshThatCannotTakeACallTimesOutAndIsKilled() throws Exception {
        for (boolean lane : new boolean[] {false, true}) {
            try (PwshSession s = PwshSession.start(SessionTestSupport.options().fastLane(lane)
                    .stopGrace(Duration.ofSeconds(1)).build())) {
                s.invoke("1");
                s.invoke("2"); // the second call starts the fast lane, when there is one
                long pid = s.pid();
                signal("STOP", pid);
                try {
                    assertThatThrownBy(() -> s.invoke(Invocation.script("3").timeout(Duration.ofSeconds(2)).build()))
                            .as("fast lane %s", lane).isInstanceOfSatisfying(InvocationTimeoutException.class,
                                    e -> assertThat(e.sessionKilled()).isTrue());
                    assertThat(ProcessHandle.of(pid).map(SessionFaultTest::aliveAndNotZombie).orElse(false))
                            .as("the frozen pwsh, fast lane %s", lane).isFalse();
                    assertThat(s.isAlive()).isFalse();
                } finally {
                    signal("CONT", pid);
                }
            }
        }
    }

    private static void signal(String sig, long pid) throws Exception {
        new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
    }

    /** Threads that see the session go at the same moment all see one and the same death. */
    @Test
    void aSessionDiesOnceWhicheverThreadsSeeItGo() throws Exception {
        try (PwshSession s = SessionTestSupport.start()) {
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                java.util.List<java.util.concurrent.Future<java.util.List<Object>>> seen = new java.util.ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    seen.add(threads.submit(() -> {
                        go.await();
                        s.kill();
                        return java.util.List.of(s.deathCause(), catchThrowable(() -> s.invoke("1")));
                    }));
                }
                go.countDown();
                SessionDeadException death = s.deathCause();
                for (java.util.concurrent.Future<java.util.List<Object>> f : seen) {
                    java.util.List<Object> mine = f.get(30, TimeUnit.SECONDS);
                    death = death == null ? (SessionDeadException) mine.get(0) : death;
                    assertThat(mine).allSatisfy(o -> assertThat(o).isSameAs(s.deathCause()));
                }
                assertThat(death).isNotNull().isSameAs(s.deathCause());
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void killMinus9DuringACallFailsItPromptlyWithTheExitCode() throws Exception {
        try (PwshSession s = SessionTestSupport.start()) {
            CompletableFuture<InvocationResult> call = CompletableFuture.supplyAsync(() -> s.invoke("Start-Sleep -Seconds 600"));
            Thread.sleep(500);
            killMinus9(s.pid());
            Throwable failure = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                try {
                    call.get();
                    return null;
                } catch (ExecutionException e) {
                    return e.getCause();
                }
            });
            assertThat(failure).isInstanceOfSatisfying(SessionDeadException.class, e -> {
                assertThat(e.exitCode()).isEqualTo(137);
                assertThat(e.getMessage()).contains("died").contains("exit code 137");
            });
            assertThat(s.isAlive()).isFalse();
            assertThatThrownBy(() -> s.invoke("1")).isInstanceOf(SessionDeadException.class);
        }
    }

    @Test
    void pwshExitingNamesItsExitCodeAndLastStderrLines() {
        try (PwshSession s = SessionTestSupport.start()) {
            assertThatThrownBy(() -> s.invoke("""
                    $err = [Console]::OpenStandardError()
                    $bytes = [Text.Encoding]::UTF8.GetBytes("about to go`n")
                    $err.Write($bytes, 0, $bytes.Length); $err.Flush()
                    [Environment]::Exit(5)
                    """))
                    .isInstanceOfSatisfying(SessionDeadException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(5);
                        assertThat(e.stderrTail()).contains("about to go");
                        assertThat(e.getMessage()).contains("about to go");
                    });
        }
    }

    @Test
    void corruptBytesFromThePeerBreakTheSessionWithAClearProtocolError() {
        try (PwshSession s = SessionTestSupport.start()) {
            long pid = s.pid();
            assertThatThrownBy(() -> s.invoke("""
                    $raw = [Console]::OpenStandardOutput()
                    $bytes = [Text.Encoding]::UTF8.GetBytes("this is not a packet`n")
                    $raw.Write($bytes, 0, $bytes.Length); $raw.Flush()
                    Start-Sleep -Seconds 30
                    """)).isInstanceOfSatisfying(SessionDeadException.class, e -> {
                        assertThat(e.getMessage()).contains("broke the protocol").contains("this is not a packet");
                        assertThat(e.getCause()).isInstanceOf(ProtocolException.class);
                    });
            assertThat(s.isAlive()).isFalse();
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    Thread.sleep(50);
                }
            });
        }
    }

    @Test
    void aWellFramedMessageWithGarbageCliXmlBreaksTheSessionClearly() {
        try (PwshSession s = SessionTestSupport.start()) {
            // A real RUNSPACEPOOL_STATE frame whose CLIXML body is cut off, written raw to stdout.
            assertThatThrownBy(() -> s.invoke("""
                    $body = [Text.Encoding]::UTF8.GetBytes('<Obj RefId="0"><MS><I32 N="RunspaceState">2')
                    $msg = [byte[]]::new(40 + $body.Length)
                    [BitConverter]::GetBytes([int]1).CopyTo($msg, 0)
                    [BitConverter]::GetBytes([int]0x00021005).CopyTo($msg, 4)
                    $body.CopyTo($msg, 40)
                    $frag = [System.IO.MemoryStream]::new()
                    $be = { param([byte[]]$b) [Array]::Reverse($b); $frag.Write($b, 0, $b.Length) }
                    & $be ([BitConverter]::GetBytes([long]999999)); & $be ([BitConverter]::GetBytes([long]0))
                    $frag.WriteByte(3); & $be ([BitConverter]::GetBytes([int]$msg.Length)); $frag.Write($msg, 0, $msg.Length)
                    $line = "<Data Stream='Default' PSGuid='00000000-0000-0000-0000-000000000000'>" +
                        [Convert]::ToBase64String($frag.ToArray()) + "</Data>`n"
                    $raw = [Console]::OpenStandardOutput()
                    $bytes = [Text.Encoding]::UTF8.GetBytes($line)
                    $raw.Write($bytes, 0, $bytes.Length); $raw.Flush()
                    Start-Sleep -Seconds 30
                    """)).isInstanceOfSatisfying(SessionDeadException.class, e -> {
                        assertThat(e.getMessage()).contains("broke the protocol").contains("CLIXML");
                        assertThat(e.getCause()).isInstanceOf(ProtocolException.class);
                    });
            assertThat(s.isAlive()).isFalse();
        }
    }

    @Test
    void aChildJvmKilledWithKillMinus9LeavesNoPwshBehind(@TempDir Path tmp) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SessionHolderMain.class.getName(),
                TestPwsh.pwsh().toString()).redirectError(tmp.resolve("child.err").toFile()).start();
        long pwshPid;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line = assertTimeoutPreemptively(Duration.ofSeconds(60), in::readLine);
            assertThat(line).as("child JVM output").startsWith("pwsh ");
            pwshPid = Long.parseLong(line.substring(5).trim());
            assertThat(ProcessHandle.of(pwshPid)).isPresent();
            killMinus9(jvm.pid());
            assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            while (ProcessHandle.of(pwshPid).map(SessionFaultTest::aliveAndNotZombie).orElse(false)) {
                Thread.sleep(100);
            }
        });
    }

    /** {@code kill -9 pid}, waiting a bounded time for kill itself. */
    static void killMinus9(long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).as("kill ended").isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    /** A zombie (exited, not yet reaped by an init that does not reap) counts as gone. */
    static boolean aliveAndNotZombie(ProcessHandle h) {
        return dev.exobridge.pwsh.ProcessTree.isAlive(h);
    }

    /** Child JVM: opens a session, prints its pwsh pid, then waits to be killed. */
    public static final class SessionHolderMain {
        public static void main(String[] args) throws Exception {
            PwshSession s = PwshSession.start(SessionOptions.builder().pwsh(Path.of(args[0])).build());
            s.invoke("1");
            System.out.println("pwsh " + s.pid());
            System.out.flush();
            Thread.sleep(600_000);
        }
    }
}
