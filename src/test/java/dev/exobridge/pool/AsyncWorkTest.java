package dev.exobridge.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.exobridge.pool.PoolMetrics.Outcome;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationResult;
import dev.exobridge.session.SessionDeadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SessionPool#invokeAsync(Invocation, java.util.function.Function)}: work of several calls
 * on one borrowed session, on real pwsh; a cancel stops the call running and refuses the next; an
 * idempotent work whose session crashed runs again from the start on another session.
 */
class AsyncWorkTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @AfterAll
    static void removeMarkerDirs() {
        PoolTesting.removeMarkerDirs();
    }

    private static SessionPool pool(String what) {
        return SessionPool.start(PoolTesting.options(PoolTesting.marker(what)).sessions(1, 1).build());
    }

    private static long outcomes(SessionPool pool, Outcome o) {
        return pool.metrics().calledByOutcome().get(o).count();
    }

    @Test
    void theWorksCallsShareOneSessionAndEachCountsAsACall() throws Exception {
        try (SessionPool pool = pool("work-state")) {
            long before = outcomes(pool, Outcome.SUCCESS);
            AtomicReference<Long> pid = new AtomicReference<>();
            InvocationFuture f = pool.invokeAsync(Invocation.script("two calls").build(), lease -> {
                pid.set(lease.pid());
                lease.invoke("$global:x = 41");
                return lease.invoke("$global:x + 1");
            });
            assertThat(f.get(60, TimeUnit.SECONDS).output().get(0).json().asInt()).isEqualTo(42);
            f.released().get(10, TimeUnit.SECONDS);
            assertThat(pid.get()).isEqualTo(pool.pids().get(0));
            assertThat(outcomes(pool, Outcome.SUCCESS) - before).as("each call of the work counts").isEqualTo(2);
            assertThat(pool.metrics().busy()).isZero();
            assertThatThrownBy(() -> pool.invokeAsync(Invocation.script("1").build(), null))
                    .isInstanceOf(NullPointerException.class);
        }
    }

    @Test
    void cancelStopsTheCallRunningAndTheWorksNextCallFailsAtOnce() throws Exception {
        try (SessionPool pool = pool("work-cancel")) {
            long pid = pool.pids().get(0);
            Path started = tmp.resolve("started");
            Path cleaned = tmp.resolve("finally");
            Path canary = tmp.resolve("canary");
            AtomicReference<RuntimeException> nextCall = new AtomicReference<>();
            InvocationFuture f = pool.invokeAsync(Invocation.script("cancelled work").build(), lease -> {
                lease.invoke(Invocation.script("param($S, $F) try { $null = New-Item $S; "
                        + "while ($true) { Start-Sleep -Milliseconds 50 } } finally { $null = New-Item $F }")
                        .param("S", started.toString()).param("F", cleaned.toString()).build());
                try {
                    return lease.invoke(Invocation.script("param($C) $null = New-Item $C")
                            .param("C", canary.toString()).build());
                } catch (RuntimeException e) {
                    nextCall.set(e);
                    throw e;
                }
            });
            await().atMost(LONG).until(() -> Files.exists(started));
            assertThat(f.cancel(true)).isTrue();
            assertThatThrownBy(f::get).isInstanceOf(CancellationException.class);
            f.released().get(30, TimeUnit.SECONDS);
            assertThat(cleaned).as("the running pipeline was stopped: its finally block ran").exists();
            assertThat(canary).as("no call of the work starts after the cancel").doesNotExist();
            // The stopped call ends the work with its stop, or the work goes on to a next call that is refused.
            assertThat(nextCall.get()).satisfiesAnyOf(e -> assertThat(e).isNull(),
                    e -> assertThat(e).isInstanceOf(CancellationException.class));
            assertThat(pool.pids()).as("a pipeline that stopped keeps its session").containsExactly(pid);
            assertThat(pool.invoke("5").output().get(0).json().asInt()).isEqualTo(5);
        }
    }

    @Test
    void aCancelBetweenTwoCallsRefusesTheSecond() throws Exception {
        try (SessionPool pool = pool("work-between")) {
            Path canary = tmp.resolve("canary");
            java.util.concurrent.CountDownLatch firstDone = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch cancelled = new java.util.concurrent.CountDownLatch(1);
            AtomicReference<RuntimeException> second = new AtomicReference<>();
            InvocationFuture f = pool.invokeAsync(Invocation.script("work").build(), lease -> {
                lease.invoke("1");
                firstDone.countDown();
                try {
                    cancelled.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                try {
                    return lease.invoke(Invocation.script("param($C) $null = New-Item $C")
                            .param("C", canary.toString()).build());
                } catch (RuntimeException e) {
                    second.set(e);
                    throw e;
                }
            });
            assertThat(firstDone.await(60, TimeUnit.SECONDS)).isTrue();
            f.cancel(false);
            cancelled.countDown();
            f.released().get(30, TimeUnit.SECONDS);
            assertThat(second.get()).isInstanceOf(CancellationException.class);
            assertThat(canary).doesNotExist();
            assertThat(pool.metrics().busy()).isZero();
        }
    }

    @Test
    void anIdempotentWorkWhoseSessionCrashedRunsAgainFromTheStartOnAnotherSession() throws Exception {
        try (SessionPool pool = pool("work-crash")) {
            AtomicInteger attempts = new AtomicInteger();
            Path started = tmp.resolve("started");
            InvocationFuture f = pool.invokeAsync(Invocation.script("crashing work").idempotent(true).build(), lease -> {
                if (attempts.incrementAndGet() == 1) {
                    lease.invoke(Invocation.script("param($S) $null = New-Item $S; Start-Sleep -Seconds 600")
                            .param("S", started.toString()).build());
                }
                return lease.invoke("$PID");
            });
            await().atMost(LONG).until(() -> Files.exists(started));
            long first = pool.pids().get(0);
            ProcessHandle.of(first).ifPresent(ProcessHandle::destroyForcibly);
            long pid = f.get(60, TimeUnit.SECONDS).output().get(0).json().asLong();
            assertThat(attempts.get()).isEqualTo(2);
            assertThat(pid).isNotEqualTo(first);
            assertThat(pool.metrics().retries()).isEqualTo(1);

            // Not idempotent: the session's death is the outcome, and the work runs once.
            AtomicInteger once = new AtomicInteger();
            Path again = tmp.resolve("again");
            InvocationFuture g = pool.invokeAsync(Invocation.script("crashing work").build(), lease -> {
                once.incrementAndGet();
                return lease.invoke(Invocation.script("param($S) $null = New-Item $S; Start-Sleep -Seconds 600")
                        .param("S", again.toString()).build());
            });
            await().atMost(LONG).until(() -> Files.exists(again));
            ProcessHandle.of(pool.pids().get(0)).ifPresent(ProcessHandle::destroyForcibly);
            assertThatThrownBy(() -> g.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SessionDeadException.class);
            assertThat(once.get()).isEqualTo(1);
        }
    }

    @Test
    void aWorksOwnExceptionCompletesTheFutureAndTheSessionGoesBack() throws Exception {
        try (SessionPool pool = pool("work-throws")) {
            InvocationFuture f = pool.invokeAsync(Invocation.script("failing work").idempotent(true).build(), lease -> {
                lease.invoke("1");
                throw new IllegalStateException("the work's own failure");
            });
            assertThatThrownBy(() -> f.get(60, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(IllegalStateException.class).hasMessage("the work's own failure");
            f.released().get(10, TimeUnit.SECONDS);
            assertThat(pool.metrics().busy()).isZero();
            assertThat(pool.metrics().retries()).as("not a crash: never retried").isZero();
            InvocationResult r = pool.invoke("2");
            assertThat(r.output().get(0).json().asInt()).isEqualTo(2);
        }
    }
}
