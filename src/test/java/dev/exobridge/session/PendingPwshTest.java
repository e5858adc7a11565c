package dev.exobridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.awaitility.Awaitility.await;

import dev.exobridge.pwsh.LeftoverSockets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PendingPwsh}: a pwsh started ahead of its session is the session's process when the
 * options launch the same one; another is started (and the early one ended) when they do not or
 * when it died; an unopened one is ended by close.
 */
class PendingPwshTest {
    private static boolean gone(long pid) throws Exception {
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty()) {
            return true;
        }
        p.get().onExit().get(10, TimeUnit.SECONDS);
        return !p.get().isAlive();
    }

    @Test
    void theSessionRunsOnThePendingProcess() {
        SessionOptions options = SessionTestSupport.options().build();
        PendingPwsh pending = PwshSession.launch(options);
        long pid = pending.pid();
        assertThat(pid).isPositive();
        try (PwshSession session = pending.open(options)) {
            assertThat(session.pid()).isEqualTo(pid);
            assertThat(session.invoke("$PID").output().get(0).json().asLong()).isEqualTo(pid);
            assertThat(pending.pid()).isEqualTo(-1);
            assertThatThrownBy(() -> pending.open(options)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already opened or closed");
            pending.close(); // a no-op once opened: the session's process lives on
            assertThat(session.invoke("1").output()).hasSize(1);
        }
    }

    @Test
    void optionsThatLaunchAnotherProcessGetAnotherAndTheEarlyOneEnds() throws Exception {
        PendingPwsh pending = PwshSession.launch(SessionTestSupport.options().build());
        long early = pending.pid();
        SessionOptions other = SessionTestSupport.options().environment("EXO_PENDING_TEST", "other").build();
        try (PwshSession session = pending.open(other)) {
            assertThat(session.pid()).isNotEqualTo(early);
            assertThat(session.invoke("$env:EXO_PENDING_TEST").output().get(0).json().asText()).isEqualTo("other");
            assertThat(gone(early)).as("the early pwsh ended").isTrue();
        }
    }

    @Test
    void aPendingProcessThatDiedIsReplaced() throws Exception {
        SessionOptions options = SessionTestSupport.options().build();
        PendingPwsh pending = PwshSession.launch(options);
        long early = pending.pid();
        ProcessHandle.of(early).orElseThrow().destroyForcibly();
        assertThat(gone(early)).isTrue();
        try (PwshSession session = pending.open(options)) {
            assertThat(session.pid()).isNotEqualTo(early);
            assertThat(session.invoke("1").output().get(0).json().asInt()).isEqualTo(1);
        }
    }

    @Test
    void closeEndsAnUnopenedProcessAndIsIdempotent() throws Exception {
        SessionOptions options = SessionTestSupport.options().build();
        PendingPwsh pending = PwshSession.launch(options);
        long pid = pending.pid();
        pending.close();
        assertThat(gone(pid)).isTrue();
        pending.close();
        assertThat(pending.pid()).isEqualTo(-1);
        assertThatThrownBy(() -> pending.open(options)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anUnopenedPendingPwshEndedLeavesNoSocketsInItsTemporaryFolder(@TempDir Path tmp) throws Exception {
        // Diagnostics on: the runtime's socket appears at once (the host pipe only once a session
        // opens), and a killed process cannot remove it itself.
        SessionOptions options = SessionTestSupport.options().environment("TMPDIR", tmp.toString())
                .environment("DOTNET_EnableDiagnostics", "1").build();
        PendingPwsh pending = PwshSession.launch(options);
        long pid = pending.pid();
        await().atMost(Duration.ofSeconds(30)).until(() -> !LeftoverSockets.of(pid, tmp).isEmpty());
        pending.close();
        assertThat(gone(pid)).isTrue();
        assertThat(tmp).as("what the killed early pwsh left is removed").isEmptyDirectory();
    }
}
