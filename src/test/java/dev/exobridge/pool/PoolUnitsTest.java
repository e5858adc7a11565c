package dev.exobridge.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pool's pure parts: back-off, lifetime jitter, wait percentiles, option checks. */
class PoolUnitsTest {
    @Test
    void backoffDoublesUpToItsMaximumAndResetsOnSuccess() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThat(b.delayNanos(0)).isZero();
        assertThat(b.failed(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.failed(0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.failed(0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.failed(0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.failed(0)).isEqualTo(Duration.ofSeconds(5));
        // Counted from the failure: a start asked for later waits only for what is left.
        assertThat(b.delayNanos(Duration.ofSeconds(3).toNanos())).isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(b.delayNanos(Duration.ofSeconds(9).toNanos())).isZero();
        b.succeeded();
        assertThat(b.delayNanos(0)).isZero();
        assertThat(b.failed(0)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void oneRetirementRuleDecidesForPickGiveBackAndHousekeeping() {
        Retirement rule = new Retirement(Duration.ofSeconds(10), 1);
        long idle = Duration.ofSeconds(11).toNanos();
        PooledSession s = new PooledSession(null, 0, Duration.ofSeconds(100), 5, 0);
        assertThat(rule.of(s, 0, true, false, false, 2)).isEqualTo(Retirement.Fate.KEEP);
        assertThat(rule.of(s, 0, true, true, false, 2).verdict()).isEqualTo(Retirement.Verdict.REPLACE);
        assertThat(rule.of(s, 0, false, false, true, 2)).isEqualTo(
                new Retirement.Fate(Retirement.Verdict.REPLACE, "its pwsh died while idle"));
        // Idle past the timeout: retired while nobody asks and the pool is above its minimum, else lent.
        assertThat(rule.of(s, idle, true, false, false, 2)).isEqualTo(
                new Retirement.Fate(Retirement.Verdict.RETIRE, "idle for more than 10.0 s"));
        assertThat(rule.of(s, idle, true, false, true, 2)).isEqualTo(Retirement.Fate.KEEP);
        assertThat(rule.of(s, idle, true, false, false, 1)).isEqualTo(Retirement.Fate.KEEP);
        // Worn out: retired at once when idle, after its calls when busy; so is one marked before.
        s.uses.set(5);
        assertThat(rule.of(s, 0, true, false, true, 2).verdict()).isEqualTo(Retirement.Verdict.RETIRE);
        s.leases = 1;
        assertThat(rule.of(s, 0, true, false, true, 2)).isEqualTo(
                new Retirement.Fate(Retirement.Verdict.RETIRE_LATER, "reached its maximum of 5 calls"));
        s.uses.set(0);
        s.retiring = "reached its maximum age";
        assertThat(rule.of(s, 0, true, false, false, 2).verdict()).isEqualTo(Retirement.Verdict.RETIRE_LATER);
        s.leases = 0;
        assertThat(rule.of(s, 0, true, false, false, 2)).isEqualTo(
                new Retirement.Fate(Retirement.Verdict.RETIRE, "reached its maximum age"));
        assertThat(rule.of(s, 0, false, false, false, 2).verdict()).as("broken wins").isEqualTo(Retirement.Verdict.REPLACE);
    }

    @Test
    void theRetryLoopRunsARetryableFailureAgainUpToItsBudgetAndNothingElse() {
        java.util.List<Duration> waits = new java.util.ArrayList<>();
        RetryLoop loop = new RetryLoop(2, new Backoff(Duration.ofMillis(1), Duration.ofMillis(2)))
                .onRetry((retry, cause, wait) -> waits.add(wait));
        java.util.List<Integer> attempts = new java.util.ArrayList<>();
        IllegalStateException crash = new IllegalStateException("crash");
        assertThatThrownBy(() -> loop.run(n -> {
            attempts.add(n);
            throw RetryLoop.retry(crash);
        })).isSameAs(crash);
        assertThat(attempts).containsExactly(0, 1, 2);
        assertThat(waits).containsExactly(Duration.ofMillis(1), Duration.ofMillis(2));
        assertThat(loop.again(crash)).as("the budget is spent").isFalse();

        RetryLoop once = new RetryLoop(3, Backoff.none());
        IllegalArgumentException bad = new IllegalArgumentException("bad");
        assertThatThrownBy(() -> once.run(n -> {
            throw bad;
        })).as("a failure not marked retryable ends the loop").isSameAs(bad);
        assertThat(once.retries()).isZero();
        assertThat(once.<String>run(n -> {
            if (n < 2) {
                throw RetryLoop.retry(crash);
            }
            return "third time";
        })).isEqualTo("third time");
        assertThat(once.retries()).isEqualTo(2);
        assertThatThrownBy(() -> new RetryLoop(-1, Backoff.none())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lifetimesAreCutByARandomJitterWithinItsBound() {
        Set<Long> retireAt = new HashSet<>();
        Set<Long> uses = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            PooledSession s = new PooledSession(null, 0, Duration.ofSeconds(100), 1000, 0.1);
            assertThat(s.retireAtNanos).isBetween(Duration.ofSeconds(90).toNanos(), Duration.ofSeconds(100).toNanos());
            assertThat(s.maxUses).isBetween(900L, 1000L);
            retireAt.add(s.retireAtNanos);
            uses.add(s.maxUses);
        }
        assertThat(retireAt).as("sessions started together retire apart").hasSizeGreaterThan(100);
        assertThat(uses).hasSizeGreaterThan(20);
        PooledSession exact = new PooledSession(null, 5, Duration.ofSeconds(1), 7, 0);
        assertThat(exact.retireAtNanos).isEqualTo(5 + Duration.ofSeconds(1).toNanos());
        assertThat(exact.maxUses).isEqualTo(7);
        PooledSession unlimited = new PooledSession(null, 5, null, 0, 0.1);
        assertThat(unlimited.retireAtNanos).isEqualTo(Long.MAX_VALUE);
        assertThat(unlimited.lifetimeOver(Long.MAX_VALUE - 1)).isNull();
    }

    @Test
    void aLifetimeIsOverByAgeOrUses() {
        PooledSession s = new PooledSession(null, 0, Duration.ofSeconds(10), 3, 0);
        assertThat(s.lifetimeOver(Duration.ofSeconds(9).toNanos())).isNull();
        assertThat(s.lifetimeOver(Duration.ofSeconds(10).toNanos())).isEqualTo("reached its maximum age");
        s.uses.set(3);
        assertThat(s.lifetimeOver(0)).isEqualTo("reached its maximum of 3 calls");
    }

    @Test
    void waitPercentilesComeFromTheRecentWaits() {
        WaitRecorder w = new WaitRecorder();
        assertThat(w.percentiles(50, 99)).containsExactly(Duration.ZERO, Duration.ZERO);
        for (int i = 1; i <= 100; i++) {
            w.record(Duration.ofMillis(i).toNanos());
        }
        assertThat(w.percentiles(50, 95, 99, 100))
                .containsExactly(Duration.ofMillis(50), Duration.ofMillis(95), Duration.ofMillis(99), Duration.ofMillis(100));
        for (int i = 0; i < WaitRecorder.SIZE; i++) {
            w.record(Duration.ofMillis(1).toNanos());
        }
        assertThat(w.percentiles(99)).containsExactly(Duration.ofMillis(1));
        assertThat(w.max()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void optionsRefuseAWarmUpWithSeveralRunspacesAndSayWhy() {
        assertThatThrownBy(() -> PoolOptions.builder().runspacesPerSession(2).warmUp("connect", "1").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a warm-up needs 1 runspace per session, got 2")
                .hasMessageContaining("use more sessions instead");
        assertThat(PoolOptions.builder().runspacesPerSession(3).build().session().runspaces()).isEqualTo(3);
    }

    @Test
    void optionsHaveTheDocumentedDefaults() {
        PoolOptions o = PoolOptions.builder().build();
        assertThat(o.minSessions()).isEqualTo(1);
        assertThat(o.maxSessions()).isEqualTo(4);
        assertThat(o.runspacesPerSession()).isEqualTo(1);
        assertThat(o.session().runspaces()).isEqualTo(1);
        assertThat(o.borrowTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.defaultCallTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(o.session().defaultTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(o.maxUses()).isEqualTo(10_000);
        assertThat(o.maxAge()).isEqualTo(Duration.ofMinutes(30));
        assertThat(o.lifetimeJitter()).isEqualTo(0.1);
        assertThat(o.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(o.healthCheckAfterIdle()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.healthCheckScript()).isEqualTo("1");
        assertThat(o.healthCheckTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.warmUp()).isEmpty();
        assertThat(o.maxRetries()).isEqualTo(2);
        assertThat(o.housekeepingPeriod()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.backoffInitial()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.backoffMax()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.name()).startsWith("exo-bridge-pool-");
    }

    @Test
    void optionsRejectNonsenseWithTheValue() {
        assertThatThrownBy(() -> PoolOptions.builder().sessions(3, 2)).hasMessageContaining("min 3, max 2");
        assertThatThrownBy(() -> PoolOptions.builder().sessions(0, 0)).hasMessageContaining("max >= 1");
        assertThatThrownBy(() -> PoolOptions.builder().borrowTimeout(Duration.ZERO)).hasMessageContaining("borrowTimeout");
        assertThatThrownBy(() -> PoolOptions.builder().lifetimeJitter(0.9)).hasMessageContaining("0.9");
        assertThatThrownBy(() -> PoolOptions.builder().startBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .hasMessageContaining("below its initial");
        assertThatThrownBy(() -> new WarmUpStep(" ", dev.exobridge.session.Invocation.script("1").build()))
                .hasMessageContaining("needs a name");
    }
}
