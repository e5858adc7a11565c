package dev.exobridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.exobridge.exchange.ExchangeAuth;
import dev.exobridge.exchange.ExchangeOptions;
import dev.exobridge.exchange.ExchangePool;
import dev.exobridge.pool.PoolOptions;
import dev.exobridge.pool.SessionPool;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationTimeoutException;
import dev.exobridge.session.PowerShellErrorException;
import dev.exobridge.session.SessionOptions;
import dev.exobridge.testsupport.SimTenant;
import dev.exobridge.testsupport.TestPwsh;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real calls on real pwsh move the meters of a pool and of an Exchange pool (simulator). */
class PoolMeterBinderTest {
    @TempDir
    Path tmp;

    private static double counter(MeterRegistry r, String name, String... tags) {
        return r.get(name).tags(tags).functionCounter().count();
    }

    private static FunctionTimer calls(MeterRegistry r, String outcome) {
        return r.get("exobridge.calls").tag("outcome", outcome).functionTimer();
    }

    @Test
    void callsErrorsTimeoutsAndRestartsMoveThePoolsMeters() {
        SessionOptions session = SessionOptions.builder().pwsh(TestPwsh.pwsh()).stopGrace(Duration.ofSeconds(2)).build();
        PoolOptions o = PoolOptions.builder().name("meters-pool").session(session).sessions(1, 2).build();
        MeterRegistry registry = new SimpleMeterRegistry();
        try (SessionPool pool = SessionPool.start(o)) {
            new PoolMeterBinder(pool, Tag.of("app", "test")).bindTo(registry);
            assertThat(registry.get("exobridge.sessions").tags("pool", "meters-pool", "app", "test", "state", "idle")
                    .gauge().value()).isEqualTo(1);
            assertThat(registry.get("exobridge.sessions.max").gauge().value()).isEqualTo(2);

            for (int i = 0; i < 5; i++) {
                pool.invoke("1");
            }
            assertThatThrownBy(() -> pool.invoke("throw 'boom'")).isInstanceOf(PowerShellErrorException.class);
            // A hang Stop cannot end: killed after the grace, replaced as hung.
            assertThatThrownBy(() -> pool.invoke(Invocation.script("[Threading.Thread]::Sleep(60000)")
                    .timeout(Duration.ofMillis(500)).build())).isInstanceOf(InvocationTimeoutException.class);

            assertThat(calls(registry, "success").count()).isEqualTo(5);
            assertThat(calls(registry, "success").totalTime(TimeUnit.NANOSECONDS)).isPositive();
            assertThat(calls(registry, "powershell-error").count()).isEqualTo(1);
            assertThat(calls(registry, "timeout").count()).isEqualTo(1);
            assertThat(calls(registry, "session-died").count()).isZero();
            assertThat(registry.get("exobridge.borrow.wait").functionTimer().count()).isEqualTo(7);
            await().atMost(Duration.ofSeconds(60)).until(() -> counter(registry, "exobridge.restarts", "cause", "hung") == 1);

            // A session whose pwsh dies while idle: replaced, cause "died".
            await().atMost(Duration.ofSeconds(60)).until(() -> pool.pids().size() == 1 && pool.metrics().idle() == 1);
            long pid = pool.pids().get(0);
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            await().atMost(Duration.ofSeconds(60)).until(() -> counter(registry, "exobridge.restarts", "cause", "died") == 1);
            assertThat(counter(registry, "exobridge.restarts", "cause", "crash")).isZero();
            assertThat(counter(registry, "exobridge.retries", "reason", "crash")).isZero();
            assertThat(counter(registry, "exobridge.warmup.failures")).isZero();
            System.out.println(pool.metrics());
        }
    }

    @Test
    void anIdempotentCallRetriedAfterACrashAndAFailedWarmUpAreCounted() throws Exception {
        Path flag = tmp.resolve("fail-warm-up");
        SessionOptions session = SessionOptions.builder().pwsh(TestPwsh.pwsh()).build();
        PoolOptions o = PoolOptions.builder().session(session).sessions(1, 1)
                .startBackoff(Duration.ofMillis(200), Duration.ofMillis(400))
                .warmUp("flag", "if (Test-Path '" + flag + "') { throw 'warm-up refused by the test' }").build();
        MeterRegistry registry = new SimpleMeterRegistry();
        try (SessionPool pool = SessionPool.start(o)) {
            new PoolMeterBinder(pool).bindTo(registry);
            // Crashes its session: the pool runs it again on a new one.
            Path crashed = tmp.resolve("crashed-once");
            Invocation crash = Invocation.script("if (-not (Test-Path '" + crashed + "')) { $null = New-Item '" + crashed
                    + "'; Stop-Process -Id $PID -Force }; 'ok'").idempotent(true).build();
            assertThat(pool.invoke(crash).output().get(0).json().asText()).isEqualTo("ok");
            assertThat(counter(registry, "exobridge.retries", "reason", "crash")).isEqualTo(1);
            assertThat(counter(registry, "exobridge.restarts", "cause", "crash")).isEqualTo(1);
            assertThat(calls(registry, "success").count()).isEqualTo(1);

            java.nio.file.Files.writeString(flag, "x");
            ProcessHandle.of(pool.pids().get(0)).ifPresent(ProcessHandle::destroyForcibly);
            await().atMost(Duration.ofSeconds(60)).until(() -> counter(registry, "exobridge.warmup.failures") >= 1);
            assertThat(counter(registry, "exobridge.start.failures")).isGreaterThanOrEqualTo(1);
            assertThat(pool.health().up()).isFalse();
            assertThat(pool.health().lastStartFailure()).contains("warm-up refused by the test");
            java.nio.file.Files.delete(flag);
            await().atMost(Duration.ofSeconds(60)).until(() -> pool.health().up());
        }
    }

    @Test
    void anExchangePoolIsTaggedWithItsTenantAndCountsReconnectsAndThrottling() {
        try (SimTenant t = SimTenant.create(tmp, SimTenant.marker(), 5, Map.of("ThrottleEvery", 3))) {
            var auth = new ExchangeAuth.AccessToken(SimTenant.ORG, () -> t.javaToken(Duration.ofMinutes(30)));
            ExchangeOptions o = ExchangeOptions.builder().allowSimulator(true).build();
            PoolOptions.Builder pool = PoolOptions.builder().name("meters-exo").sessions(1, 1)
                    .borrowTimeout(Duration.ofSeconds(60));
            MeterRegistry registry = new SimpleMeterRegistry();
            ExchangePool closed;
            try (ExchangePool p = ExchangePool.start(pool, t.sessionOptions(), auth, o)) {
                closed = p;
                new PoolMeterBinder(p).bindTo(registry);
                Invocation count = Invocation.script("(Get-EXOMailbox -ResultSize 2).Count").idempotent(true).build();
                for (int i = 0; i < 9; i++) {
                    p.invoke(count);
                }
                // The connection goes behind the pool's back: the next idempotent call reconnects and is retried.
                p.invoke(Invocation.command("Disconnect-ExchangeOnline").param("Confirm", false).build());
                p.invoke(count);

                String[] tags = {"pool", "meters-exo", "tenant", SimTenant.ORG};
                assertThat(registry.get("exobridge.exchange.connects").tags(tags).functionCounter().count()).isEqualTo(1);
                assertThat(counter(registry, "exobridge.exchange.reconnects", tags)).isEqualTo(1);
                assertThat(counter(registry, "exobridge.retries", "reason", "exchange")).isEqualTo(1);
                assertThat(counter(registry, "exobridge.exchange.throttling.warnings", tags))
                        .as("every 3rd Get-EXOMailbox warns").isGreaterThanOrEqualTo(3);
                assertThat(registry.get("exobridge.calls").tags(tags).tag("outcome", "success").functionTimer().count())
                        .as("connect calls and every attempt run on leases").isGreaterThanOrEqualTo(11);
                assertThat(registry.find("exobridge.sessions").tags(tags).gauges()).hasSize(3);

                var health = p.health();
                assertThat(health.up()).as(health.toString()).isTrue();
                assertThat(health.tenant()).isEqualTo(SimTenant.ORG);
                assertThat(health.connectedSessions()).isEqualTo(1);
                assertThat(health.earliestTokenExpiry()).isNotNull();
            }
            var down = closed.health();
            assertThat(down.up()).isFalse();
            assertThat(down.problems()).contains("the pool is closed", "no session is connected to Exchange Online");
            List<String> names = registry.getMeters().stream().map(m -> m.getId().getName()).distinct().toList();
            System.out.println("meters: " + names);
        }
    }
}
