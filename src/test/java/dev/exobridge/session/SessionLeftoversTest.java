package dev.exobridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.exobridge.pwsh.LeftoverSockets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pwsh that dies leaves nothing behind: not the native children it was running (which a
 * {@code kill -9} re-parents to init, out of the process tree's reach), not its Unix sockets in
 * the temporary folder. Each pwsh gets a temporary folder of its own here, so that what it leaves
 * there can be counted exactly.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "kill -9, process sessions and /proc")
@Timeout(120)
class SessionLeftoversTest {

    /** Before: the {@code sleep 60} survived its pwsh by a minute, re-parented to PID 1. */
    @Test
    void aNativeChildOfAPwshKilledWithKill9IsGoneWithinFiveSeconds(@TempDir Path tmp) throws Exception {
        try (PwshSession s = PwshSession.start(SessionTestSupport.options().environment("TMPDIR", tmp.toString()).build())) {
            CompletableFuture<Object> call = CompletableFuture.supplyAsync(() -> {
                try {
                    return s.invoke("sleep 60");
                } catch (RuntimeException e) {
                    return e;
                }
            });
            ProcessHandle sleep = await().atMost(Duration.ofSeconds(30))
                    .until(() -> nativeChild(s.processHandle()), h -> h != null);
            SessionFaultTest.killMinus9(s.pid());

            assertThat(call.get(10, TimeUnit.SECONDS)).isInstanceOf(SessionDeadException.class);
            long t0 = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).until(() -> !SessionFaultTest.aliveAndNotZombie(sleep));
            System.out.printf("leftovers: native child %d of the killed pwsh gone %d ms after the call failed%n",
                    sleep.pid(), (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** Without a process session of its own the old behaviour shows: the child survives its pwsh. */
    @Test
    void withoutAProcessSessionOfItsOwnTheNativeChildWouldSurvive(@TempDir Path tmp) throws Exception {
        ProcessHandle sleep;
        try (PwshSession s = PwshSession.start(SessionTestSupport.options().ownProcessSession(false)
                .environment("TMPDIR", tmp.toString()).build())) {
            CompletableFuture.runAsync(() -> {
                try {
                    s.invoke("sleep 60");
                } catch (RuntimeException e) {
                    // the kill below ends the call
                }
            });
            sleep = await().atMost(Duration.ofSeconds(30)).until(() -> nativeChild(s.processHandle()), h -> h != null);
            SessionFaultTest.killMinus9(s.pid());
            await().atMost(Duration.ofSeconds(10)).until(() -> !s.isAlive());
        }
        try {
            Thread.sleep(1000);
            assertThat(SessionFaultTest.aliveAndNotZombie(sleep)).as("the orphan this test shows is still there").isTrue();
        } finally {
            sleep.destroyForcibly();
        }
    }

    @Test
    void aPwshKilledWithKill9LeavesNoSocketsInItsTemporaryFolder(@TempDir Path tmp) throws Exception {
        // Diagnostics on for this one, so that both kinds of socket exist to be left behind.
        try (PwshSession s = PwshSession.start(SessionTestSupport.options().environment("TMPDIR", tmp.toString())
                .environment("DOTNET_EnableDiagnostics", "1").build())) {
            s.invoke("1");
            long pid = s.pid();
            List<String> sockets = await().atMost(Duration.ofSeconds(30)).until(() -> names(LeftoverSockets.of(pid, tmp)),
                    n -> n.stream().anyMatch(f -> f.startsWith("CoreFxPipe_PSHost."))
                            && n.stream().anyMatch(f -> f.startsWith("dotnet-diagnostic-" + pid + "-"))
                            && n.stream().anyMatch(f -> f.startsWith("clr-debug-pipe-" + pid + "-")));
            SessionFaultTest.killMinus9(pid);
            assertThatThrownBy(() -> s.invoke("1")).isInstanceOf(SessionException.class);
            // The reader thread sees pwsh go and removes them; before, they stayed for good.
            await().atMost(Duration.ofSeconds(5)).until(() -> LeftoverSockets.of(pid, tmp).isEmpty());
            System.out.printf("leftovers: sockets of the killed pwsh %d removed: %s%n", pid, sockets);
            assertThat(tmp).isEmptyDirectory();
        }
    }

    @Test
    void byDefaultPwshOpensNoDiagnosticSocket(@TempDir Path tmp) throws Exception {
        try (PwshSession s = PwshSession.start(SessionTestSupport.options().environment("TMPDIR", tmp.toString()).build())) {
            // The host pipe shows pwsh is far enough along to have opened the diagnostic socket too.
            await().atMost(Duration.ofSeconds(30)).until(() -> names(LeftoverSockets.of(s.pid(), tmp)),
                    n -> n.stream().anyMatch(f -> f.startsWith("CoreFxPipe_PSHost.")));
            assertThat(s.invoke("$env:DOTNET_EnableDiagnostics").output().get(0).json().asText()).isEqualTo("0");
            assertThat(names(LeftoverSockets.of(s.pid(), tmp))).noneMatch(f -> f.startsWith("dotnet-diagnostic-"))
                    .noneMatch(f -> f.startsWith("clr-debug-pipe-"));
        }
        assertThat(tmp).as("a closed session leaves nothing either").isEmptyDirectory();
    }

    @Test
    void killAndCloseRemoveTheSocketsAndTheSessionsProcesses(@TempDir Path tmp) throws Exception {
        for (boolean kill : new boolean[] {true, false}) {
            PwshSession s = PwshSession.start(SessionTestSupport.options().environment("TMPDIR", tmp.toString()).build());
            // A grandchild that leaves the tree (its parent shell exits at once) but stays in the session.
            s.invoke("sh -c 'sleep 60 > /dev/null 2>&1 &'");
            List<ProcessHandle> session = dev.exobridge.pwsh.ProcessTree.sessionMembers(s.pid());
            assertThat(session).as("pwsh and the detached sleep").hasSizeGreaterThanOrEqualTo(2);
            if (kill) {
                s.kill();
            } else {
                s.close();
            }
            assertThat(session).as(kill ? "after kill" : "after close").noneMatch(SessionFaultTest::aliveAndNotZombie);
            assertThat(tmp).isEmptyDirectory();
        }
    }

    /** The first process below {@code pwsh} whose command is {@code sleep}, or null. */
    private static ProcessHandle nativeChild(ProcessHandle pwsh) {
        return pwsh.descendants().filter(p -> p.info().command().map(c -> c.endsWith("/sleep")).orElse(false))
                .findFirst().orElse(null);
    }

    private static List<String> names(List<Path> paths) {
        return paths.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
    }
}
