package dev.exobridge.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationTimeoutException;
import dev.exobridge.testsupport.Counts;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The hangs suite (docs/reliability.md): a pipeline that never ends is stopped, one that ignores
 * Stop (a blocking .NET call) and a frozen pwsh (SIGSTOP) have their process replaced, each
 * within the call timeout plus the stop grace, docs/engine.md's promise. The worst case of each
 * is printed against it; the assertions allow 10 s more than the promise (a loaded machine), so
 * they catch a hang, not a slow run. {@code EXOBRIDGE_HANGS_ROUNDS} (or {@code
 * -Dexobridge.hangs.rounds}) sets the rounds of each (default 2).
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "SIGSTOP")
@Timeout(600)
class PoolHangTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** PoolTesting's stop grace. */
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final Duration PROMISE = TIMEOUT.plus(GRACE);
    private static final Duration SLACK = Duration.ofSeconds(10);
    private static final int ROUNDS = Counts.of("hangs.rounds", 2);

    @AfterAll
    static void removeMarkerDirs() {
        PoolTesting.removeMarkerDirs();
    }

    @Test
    void aPipelineThatNeverEndsIsStoppedAndItsSessionKept() {
        try (SessionPool pool = SessionPool.start(PoolTesting.options(PoolTesting.marker("hang-stop")).sessions(1, 1).build())) {
            long pid = firstPid(pool);
            long worst = 0;
            for (int i = 0; i < ROUNDS; i++) {
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> pool.invoke(Invocation.script("while ($true) { Start-Sleep -Milliseconds 50 }")
                        .timeout(TIMEOUT).build()))
                        .isInstanceOfSatisfying(InvocationTimeoutException.class, e -> assertThat(e.sessionKilled()).isFalse());
                worst = Math.max(worst, millisSince(t0));
                assertThat(pool.invoke("$PID").output().get(0).json().asLong()).as("the same session").isEqualTo(pid);
            }
            report("a pipeline that never ends, stopped", worst);
        }
    }

    @Test
    void aPipelineThatIgnoresStopHasItsProcessReplaced() {
        try (SessionPool pool = SessionPool.start(PoolTesting.options(PoolTesting.marker("hang-ignore")).sessions(1, 1).build())) {
            long worstCall = 0;
            long worstReplaced = 0;
            for (int i = 0; i < ROUNDS; i++) {
                long pid = firstPid(pool);
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> pool.invoke(Invocation.script("[Threading.Thread]::Sleep(600000)")
                        .timeout(TIMEOUT).build()))
                        .isInstanceOfSatisfying(InvocationTimeoutException.class, e -> assertThat(e.sessionKilled()).isTrue());
                worstCall = Math.max(worstCall, millisSince(t0));
                assertThat(PoolTesting.alive(pid)).as("the killed pwsh").isFalse();
                worstReplaced = Math.max(worstReplaced, replacedAfter(pool, pid, t0));
            }
            report("a pipeline that ignores Stop, call ended", worstCall);
            System.out.printf("hangs: a pipeline that ignores Stop, new process answering: worst %d ms over %d rounds "
                    + "(includes starting pwsh)%n", worstReplaced, ROUNDS);
        }
    }

    @Test
    void aFrozenPwshHasItsProcessReplaced() throws Exception {
        try (SessionPool pool = SessionPool.start(PoolTesting.options(PoolTesting.marker("hang-frozen")).sessions(1, 1).build())) {
            long worstCall = 0;
            long worstReplaced = 0;
            for (int i = 0; i < ROUNDS; i++) {
                long pid = firstPid(pool);
                long t0 = System.nanoTime();
                CompletableFuture<Object> call = CompletableFuture.supplyAsync(() -> {
                    try {
                        return pool.invoke(Invocation.script("Start-Sleep -Milliseconds 300; 'done'").timeout(TIMEOUT).build());
                    } catch (RuntimeException e) {
                        return e;
                    }
                });
                PoolTesting.signal("STOP", pid);
                try {
                    Object outcome = call.get(PROMISE.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
                    worstCall = Math.max(worstCall, millisSince(t0));
                    // Frozen mid-call or before it took the call: the timeout, session killed.
                    assertThat(outcome).isInstanceOfSatisfying(InvocationTimeoutException.class,
                            e -> assertThat(e.sessionKilled()).isTrue());
                } finally {
                    PoolTesting.signal("CONT", pid); // never leave a process frozen, whatever happened
                }
                assertThat(PoolTesting.alive(pid)).as("the frozen pwsh").isFalse();
                worstReplaced = Math.max(worstReplaced, replacedAfter(pool, pid, t0));
            }
            report("a frozen pwsh (SIGSTOP), call ended", worstCall);
            System.out.printf("hangs: a frozen pwsh, new process answering: worst %d ms over %d rounds "
                    + "(includes starting pwsh)%n", worstReplaced, ROUNDS);
        }
    }

    private static long firstPid(SessionPool pool) {
        return pool.invoke("$PID").output().get(0).json().asLong();
    }

    /** Milliseconds from {@code t0} until a new session (not {@code old}) answers. */
    private static long replacedAfter(SessionPool pool, long old, long t0) {
        long now = firstPid(pool);
        assertThat(now).as("a new process").isNotEqualTo(old);
        return millisSince(t0);
    }

    private static void report(String what, long worstMillis) {
        System.out.printf("hangs: %s: worst %d ms over %d rounds; promise timeout %d ms + grace %d ms = %d ms%n", what,
                worstMillis, ROUNDS, TIMEOUT.toMillis(), GRACE.toMillis(), PROMISE.toMillis());
        assertThat(worstMillis).as("worst case against the promise plus %s slack", SLACK)
                .isLessThanOrEqualTo(PROMISE.plus(SLACK).toMillis());
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
