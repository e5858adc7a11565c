package dev.exobridge.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A call that hangs past its timeout: its session is stopped or replaced, other calls are unaffected. */
@Timeout(90)
class PoolTimeoutTest {
    @AfterAll
    static void removeMarkerDirs() {
        PoolTesting.removeMarkerDirs();
    }

    @Test
    void unstoppableHangIsKilledAndReplacedWhileOtherCallsRunOn() throws Exception {
        PoolOptions options = PoolTesting.options(PoolTesting.marker("hang")).sessions(2, 2)
                .warmUp("mark", "$global:warm = $PID").build();
        try (SessionPool pool = SessionPool.start(options)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> pool.metrics().alive() == 2);
            // A .NET call blocks the pipeline thread: Stop cannot end it, so the session is killed.
            // The blocking call comes first and the timeout leaves room for a loaded machine to reach
            // it: a Stop that arrives before it would stop the pipeline cleanly.
            Invocation hang = Invocation.script("[System.Threading.Thread]::Sleep(600000)")
                    .timeout(Duration.ofSeconds(3)).build();
            List<Long> before = pool.pids();
            CompletableFuture<Throwable> hung = CompletableFuture.supplyAsync(() -> {
                try {
                    pool.invoke(hang);
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            List<String> others = new ArrayList<>();
            while (!hung.isDone()) {
                others.add(pool.invoke("\"$global:warm $PID\"").output().get(0).json().asText());
            }
            for (int i = 0; i < 50; i++) {
                others.add(pool.invoke("\"$global:warm $PID\"").output().get(0).json().asText());
            }
            assertThat(hung.get()).isInstanceOfSatisfying(InvocationTimeoutException.class,
                    e -> assertThat(e.sessionKilled()).isTrue());
            assertThat(others).hasSizeGreaterThan(50).allSatisfy(s -> {
                String[] warmAndPid = s.split(" ");
                assertThat(warmAndPid[0]).as("warm").isEqualTo(warmAndPid[1]);
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> pool.metrics().alive() == 2);
            List<Long> after = pool.pids();
            assertThat(after).hasSize(2);
            List<Long> gone = new ArrayList<>(before);
            gone.removeAll(after);
            assertThat(gone).as("the hung session was replaced").hasSize(1);
            assertThat(PoolTesting.alive(gone.get(0))).isFalse();
            assertThat(pool.metrics().restarts()).isEqualTo(1);
        }
    }

    @Test
    void stoppableHangIsStoppedByThePoolDefaultTimeoutAndTheWarmSessionKept() {
        try (SessionPool pool = SessionPool.start(PoolTesting.options(PoolTesting.marker("stop")).sessions(1, 1)
                .defaultCallTimeout(Duration.ofMillis(500))
                // The warm-up's own timeout: the pool's short default is for the call under test.
                .warmUp(new WarmUpStep("mark", Invocation.script("$global:warm = 'yes'").timeout(Duration.ofSeconds(60))
                        .build())).build())) {
            long pid = pool.pids().get(0);
            // No timeout of its own: the pool's default applies.
            assertThatThrownBy(() -> pool.invoke(Invocation.script("'before'; while ($true) { Start-Sleep -Milliseconds 10 }")
                    .idempotent(true).build()))
                    .isInstanceOfSatisfying(InvocationTimeoutException.class, e -> {
                        assertThat(e.timeout()).isEqualTo(Duration.ofMillis(500));
                        assertThat(e.sessionKilled()).isFalse();
                        assertThat(e.partialResult().output()).hasSize(1);
                    });
            assertThat(pool.invoke("\"$global:warm $PID\"").output().get(0).json().asText()).isEqualTo("yes " + pid);
            PoolMetrics m = pool.metrics();
            assertThat(m.restarts()).isZero();
            assertThat(m.retries()).as("a timeout is never retried").isZero();
        }
    }
}
