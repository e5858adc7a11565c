package dev.exobridge.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.exobridge.json.ResultObject;
import dev.exobridge.pool.PoolMetrics.Outcome;
import dev.exobridge.pool.PoolMetrics.RestartCause;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationResult;
import dev.exobridge.session.PowerShellErrorException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** invokeAsync and publish on real pwsh: cancel (both kinds, while waiting and while running), back-pressure, errors. */
class AsyncCallTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    /** One session, shared by the tests that leave it warm (each pool start costs a second or more). */
    private static SessionPool shared;

    @BeforeAll
    static void startShared() {
        shared = pool("async-shared", 1);
    }

    @AfterAll
    static void closeSharedAndRemoveMarkerDirs() {
        shared.close();
        PoolTesting.removeMarkerDirs();
    }

    private static long outcomes(SessionPool pool, Outcome o) {
        return pool.metrics().calledByOutcome().get(o).count();
    }

    private static SessionPool pool(String what, int max) {
        return SessionPool.start(PoolTesting.options(PoolTesting.marker(what)).sessions(1, max)
                .warmUp("mark", "$global:warm = [guid]::NewGuid().ToString()").build());
    }

    private static String warm(SessionPool pool) {
        return pool.invoke("$global:warm").output().get(0).json().asText();
    }

    @Test
    void anAsyncCallGivesTheSameResultAsInvokeAndManyRunAtOnce() throws Exception {
        SessionPool pool = shared;
        long before = outcomes(pool, Outcome.SUCCESS);
        {
            List<InvocationFuture> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(pool.invokeAsync(Invocation.script("param($N) Write-Warning w$N; $N; $N * 2").param("N", i)
                        .build()));
            }
            for (int i = 0; i < 20; i++) {
                InvocationResult r = futures.get(i).get(60, TimeUnit.SECONDS);
                assertThat(r.output()).extracting(o -> o.json().asInt()).containsExactly(i, i * 2);
                assertThat(r.records()).extracting(rec -> rec.message()).containsExactly("w" + i);
                futures.get(i).released().get(10, TimeUnit.SECONDS);
            }
            assertThat(outcomes(pool, Outcome.SUCCESS) - before).isEqualTo(20);
            assertThat(pool.metrics().busy()).isZero();
        }
    }

    @Test
    void cancelOfAStoppablePipelineStopsItRunsItsFinallyAndKeepsTheSessionWarm() throws Exception {
        SessionPool pool = shared;
        long restarts = pool.metrics().restarts();
        long errors = pool.metrics().errors();
        long cancelled = outcomes(pool, Outcome.CANCELLED);
        {
            String warm = warm(pool);
            long pid = pool.pids().get(0);
            for (boolean force : new boolean[] {false, true}) {
                Path started = tmp.resolve("started-" + force);
                Path cleaned = tmp.resolve("finally-" + force);
                InvocationFuture f = pool.invokeAsync(Invocation.script("param($S, $F) try { $null = New-Item $S; "
                        + "while ($true) { Start-Sleep -Milliseconds 50 } } finally { $null = New-Item $F }")
                        .param("S", started.toString()).param("F", cleaned.toString()).build());
                await().atMost(LONG).until(() -> Files.exists(started));
                assertThat(f.cancel(force)).isTrue();
                assertThat(f.isCancelled()).isTrue();
                assertThatThrownBy(f::get).isInstanceOf(CancellationException.class);
                f.released().get(30, TimeUnit.SECONDS);
                assertThat(cleaned).as("the pipeline's finally block ran (cancel(%s))", force).exists();
                assertThat(pool.pids()).containsExactly(pid);
                assertThat(warm(pool)).as("the same warm session serves the next call").isEqualTo(warm);
            }
            assertThat(pool.metrics().restarts()).isEqualTo(restarts);
            assertThat(outcomes(pool, Outcome.CANCELLED) - cancelled).isEqualTo(2);
            assertThat(pool.metrics().errors()).as("a cancel is not an error").isEqualTo(errors);
        }
    }

    @Test
    void cancelTrueKillsAPipelineThatIgnoresStopAfterTheGraceAndTheSessionIsReplaced() throws Exception {
        try (SessionPool pool = pool("async-kill", 1)) {
            long pid = pool.pids().get(0);
            Path started = tmp.resolve("started");
            InvocationFuture f = pool.invokeAsync(Invocation.script("param($S) $null = New-Item $S; "
                    + "[Threading.Thread]::Sleep(600000)").param("S", started.toString()).build());
            await().atMost(LONG).until(() -> Files.exists(started));
            f.cancel(true);
            f.released().get(60, TimeUnit.SECONDS);
            await().atMost(LONG).until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
            await().atMost(LONG).until(() -> pool.metrics().restartsByCause().get(RestartCause.HUNG) == 1);
            assertThat(pool.invoke("7").output().get(0).json().asInt()).isEqualTo(7);
            assertThat(pool.pids()).doesNotContain(pid);
        }
    }

    @Test
    void cancelFalseNeverKillsAPipelineThatIgnoresStopItsOwnTimeoutDoes() throws Exception {
        try (SessionPool pool = pool("async-nokill", 1)) {
            Path started = tmp.resolve("started");
            InvocationFuture f = pool.invokeAsync(Invocation.script("param($S) $null = New-Item $S; "
                    + "[Threading.Thread]::Sleep(3500); 'done'").param("S", started.toString()).build());
            await().atMost(LONG).until(() -> Files.exists(started));
            f.cancel(false);
            f.released().get(60, TimeUnit.SECONDS); // after the Sleep ends: Stop lands then
            assertThat(pool.metrics().restarts()).as("never killed for a cancel(false)").isZero();
            assertThat(pool.invoke("8").output().get(0).json().asInt()).isEqualTo(8);
        }
    }

    @Test
    void cancelWhileWaitingForASessionLeavesTheQueueAndTheCallNeverRuns() throws Exception {
        SessionPool pool = shared;
        {
            Path ran = tmp.resolve("ran");
            InvocationFuture f;
            try (Lease busy = pool.borrow()) {
                f = pool.invokeAsync(Invocation.script("param($R) $null = New-Item $R").param("R", ran.toString()).build());
                await().atMost(LONG).until(() -> pool.metrics().waitingBorrowers() == 1);
                f.cancel(false);
                f.released().get(30, TimeUnit.SECONDS);
                assertThat(pool.metrics().waitingBorrowers()).isZero();
                assertThat(busy.invoke("1").output()).hasSize(1);
            }
            assertThat(pool.invoke("1").output()).hasSize(1);
            assertThat(ran).doesNotExist();
            assertThat(f.isCancelled()).isTrue();
        }
    }

    @Test
    void failuresCompleteTheFutureWithTheCallsOwnException() throws Exception {
        try (SessionPool pool = SessionPool.start(PoolTesting.options(PoolTesting.marker("async-errors")).sessions(1, 1)
                .borrowTimeout(Duration.ofMillis(300)).build())) {
            InvocationFuture f = pool.invokeAsync(Invocation.script("1; throw 'boom'").build());
            assertThatThrownBy(() -> f.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(PowerShellErrorException.class).hasMessageContaining("boom");
            InvocationResult nonTerminating = pool.invokeAsync(Invocation.script("Write-Error soft; 2").build()).get();
            assertThat(nonTerminating.errors()).hasSize(1);
            assertThat(nonTerminating.output()).hasSize(1);
            try (Lease busy = pool.borrow()) {
                assertThatThrownBy(() -> pool.invokeAsync(Invocation.script("1").build()).get(60, TimeUnit.SECONDS))
                        .cause().isInstanceOf(BorrowTimeoutException.class);
            }
            assertThatThrownBy(() -> pool.invokeAsync(null)).isInstanceOf(NullPointerException.class);
            assertThat(pool.health().up()).isTrue();
            pool.close();
            assertThatThrownBy(() -> pool.invokeAsync(Invocation.script("1").build()).get(60, TimeUnit.SECONDS))
                    .cause().isInstanceOf(PoolClosedException.class);
            Recorder closed = new Recorder(0);
            pool.publish(Invocation.script("1").build()).subscribe(closed);
            closed.subscription.request(1);
            await().atMost(LONG).until(() -> closed.error.get() != null);
            assertThat(closed.error.get()).isInstanceOf(PoolClosedException.class);
            assertThat(pool.health().up()).isFalse();
            assertThat(pool.health().problems()).containsExactly("the pool is closed");
        }
    }

    /** Records what a subscription receives; requests only when told. */
    static final class Recorder implements Flow.Subscriber<ResultObject> {
        final List<Integer> items = new CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        volatile boolean complete;
        volatile Flow.Subscription subscription;
        private final long requestEach;

        /** @param requestEach what to request after each item (0: nothing) */
        Recorder(long requestEach) {
            this.requestEach = requestEach;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
        }

        @Override
        public void onNext(ResultObject item) {
            items.add(item.json().asInt());
            if (requestEach > 0) {
                subscription.request(requestEach);
            }
        }

        @Override
        public void onError(Throwable t) {
            error.set(t);
        }

        @Override
        public void onComplete() {
            complete = true;
        }
    }

    @Test
    void requestLimitsWhatTheSubscriberReceivesAndBackPressureReachesThePipeline() throws Exception {
        try (SessionPool pool = pool("publish-pressure", 1)) {
            long pid = pool.pids().get(0);
            Path produced = tmp.resolve("produced");
            int total = 2_000_000;
            Invocation flood = Invocation.script("param($P, $T) $i = 0; foreach ($n in 1..$T) { $i++; "
                    + "if ($i % 1000 -eq 0) { [IO.File]::WriteAllText($P, \"$i\") }; $n }")
                    .param("P", produced.toString()).param("T", total).build();
            Recorder r = new Recorder(0);
            pool.publish(flood).subscribe(r);
            assertThat(r.items).as("nothing before a request").isEmpty();
            r.subscription.request(5);
            await().atMost(LONG).until(() -> r.items.size() == 5);
            // pwsh runs ahead by the buffers only, then waits: its count stops growing.
            long[] last = {-1};
            await().atMost(LONG).pollInterval(Duration.ofMillis(1500)).until(() -> {
                long now = Files.exists(produced) ? Long.parseLong(Files.readString(produced).strip()) : 0;
                boolean stable = now == last[0];
                last[0] = now;
                return stable;
            });
            System.out.printf("with 5 objects requested, pwsh produced %d of %d before it waited%n", last[0], total);
            assertThat(last[0]).as("the pipeline waits for the subscriber").isLessThan(total);
            assertThat(r.items).hasSize(5).containsExactly(1, 2, 3, 4, 5);
            assertThat(pool.metrics().busy()).as("a stalled subscriber holds its session").isEqualTo(1);

            r.subscription.request(3);
            await().atMost(LONG).until(() -> r.items.size() == 8);
            r.subscription.cancel();
            await().atMost(LONG).until(() -> pool.metrics().busy() == 0);
            assertThat(r.items).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
            assertThat(r.complete).isFalse();
            assertThat(r.error.get()).isNull();
            assertThat(pool.pids()).as("the stopped pipeline's session stays warm").containsExactly(pid);
            assertThat(pool.metrics().calledByOutcome().get(Outcome.CANCELLED).count()).isEqualTo(1);
        }
    }

    @Test
    void aSubscriberRequestingOneAtATimeGetsEverythingThenCompletion() throws Exception {
        SessionPool pool = shared;
        long before = outcomes(pool, Outcome.SUCCESS);
        {
            Recorder r = new Recorder(1);
            pool.publish(Invocation.script("1..300").build()).subscribe(r);
            r.subscription.request(1);
            await().atMost(LONG).until(() -> r.complete);
            assertThat(r.items).hasSize(300).startsWith(1, 2, 3).endsWith(300);
            assertThat(r.error.get()).isNull();
            await().atMost(LONG).until(() -> pool.metrics().busy() == 0);
            assertThat(outcomes(pool, Outcome.SUCCESS) - before).isEqualTo(1);
        }
    }

    @Test
    void aFailingCallEndsWithOnErrorAndABadRequestIsRefused() throws Exception {
        SessionPool pool = shared;
        {
            Recorder r = new Recorder(0);
            pool.publish(Invocation.script("1; 2; throw 'boom'").build()).subscribe(r);
            r.subscription.request(10);
            await().atMost(LONG).until(() -> r.error.get() != null);
            assertThat(r.items).containsExactly(1, 2);
            assertThat(r.error.get()).isInstanceOf(PowerShellErrorException.class).hasMessageContaining("boom");
            assertThat(r.complete).isFalse();

            Recorder bad = new Recorder(0);
            pool.publish(Invocation.script("1..10").build()).subscribe(bad);
            bad.subscription.request(0);
            await().atMost(LONG).until(() -> bad.error.get() != null);
            assertThat(bad.error.get()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3.9");
            assertThat(bad.items).isEmpty();
            await().atMost(LONG).until(() -> pool.metrics().busy() == 0);
            assertThat(pool.invoke("3").output().get(0).json().asInt()).isEqualTo(3);
        }
    }
}
