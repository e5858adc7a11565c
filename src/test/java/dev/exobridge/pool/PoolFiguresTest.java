package dev.exobridge.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.exobridge.pool.PoolMetrics.Outcome;
import dev.exobridge.session.CallStoppedException;
import dev.exobridge.session.HostPromptException;
import dev.exobridge.session.InvocationResult;
import dev.exobridge.session.InvocationTimeoutException;
import dev.exobridge.session.PowerShellError;
import dev.exobridge.session.PowerShellErrorException;
import dev.exobridge.session.SessionDeadException;
import dev.exobridge.session.SessionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** The rules behind the figures: how a call's end maps to its outcome, when a pool is up, how counters add up. */
class PoolFiguresTest {
    private static final InvocationResult NONE = new InvocationResult(List.of(), List.of(), List.of());

    @Test
    void everyFailureMapsToItsOutcome() {
        PowerShellError err = new PowerShellError("boom", "NotSpecified", null, null, null, null, null, null, null,
                null, null, null, null, 0, 0, null);
        assertThat(Outcome.of(null)).isEqualTo(Outcome.SUCCESS);
        assertThat(Outcome.of(new PowerShellErrorException(err, NONE))).isEqualTo(Outcome.POWERSHELL_ERROR);
        assertThat(Outcome.of(new InvocationTimeoutException(Duration.ofSeconds(1), false, NONE))).isEqualTo(Outcome.TIMEOUT);
        assertThat(Outcome.of(new SessionDeadException("died", 137, List.of(), null))).isEqualTo(Outcome.SESSION_DIED);
        assertThat(Outcome.of(new HostPromptException("ReadLine", NONE))).isEqualTo(Outcome.PROMPT_REFUSED);
        assertThat(Outcome.of(new CancellationException())).isEqualTo(Outcome.CANCELLED);
        assertThat(Outcome.of(new CallStoppedException("stopped"))).isEqualTo(Outcome.CANCELLED);
        assertThat(Outcome.of(new SessionException("broken pipe"))).isEqualTo(Outcome.OTHER_FAILURE);
        assertThat(Outcome.of(new PoolClosedException("p"))).isEqualTo(Outcome.OTHER_FAILURE);
        assertThat(List.of(Outcome.values())).extracting(Outcome::tag).doesNotHaveDuplicates()
                .allMatch(t -> t.matches("[a-z-]+"));
    }

    @Test
    void aPoolIsUpWhenOpenAtItsMinimumAndItsLastStartSucceeded() {
        assertThat(PoolHealth.of("p", false, 2, 0, 2, null).up()).isTrue();
        assertThat(PoolHealth.of("p", false, 0, 0, 0, null).up()).as("a minimum of 0 starts on demand").isTrue();
        PoolHealth below = PoolHealth.of("p", false, 1, 1, 2, null);
        assertThat(below.up()).isFalse();
        assertThat(below.problems()).containsExactly("1 of its minimum 2 sessions alive (1 starting)");
        PoolHealth failing = PoolHealth.of("p", false, 2, 0, 2, new WarmUpException("connect", 1, 1, "pwsh-1[1]",
                "it threw: outage", null));
        assertThat(failing.up()).as("enough sessions, but replacements fail").isFalse();
        assertThat(failing.lastStartFailure()).contains("outage");
        assertThat(failing.toString()).startsWith("p is down: the last session start failed");
        assertThat(PoolHealth.of("p", true, 0, 0, 2, null).problems()).containsExactly("the pool is closed");
    }

    @Test
    void theCountersAddUpByOutcomeCauseAndTotal() {
        PoolCounters c = new PoolCounters();
        long start = System.nanoTime();
        c.call();
        c.ended(start, null);
        c.call();
        c.ended(start, new CancellationException());
        c.call();
        c.ended(start, new SessionException("x"));
        c.closedEarly(start);
        c.replaced(PoolMetrics.RestartCause.HUNG);
        c.replaced(PoolMetrics.RestartCause.DIED);
        c.retired(PoolMetrics.RetirementCause.IDLE);
        c.startFailed(new SessionException("no pwsh"));
        c.startFailed(new WarmUpException("s", 1, 1, "pwsh-1[1]", "why", null));
        c.waited(1_000);
        c.waited(3_000);
        PoolMetrics m = c.snapshot(2, 1, 0, 0);
        assertThat(m.errors()).as("cancels are not errors").isEqualTo(1);
        assertThat(m.calledByOutcome().get(Outcome.CANCELLED).count()).isEqualTo(2);
        assertThat(m.calledByOutcome().get(Outcome.SUCCESS).count()).isEqualTo(1);
        assertThat(m.calledByOutcome()).hasSize(Outcome.values().length);
        assertThat(m.restarts()).isEqualTo(2);
        assertThat(m.restartsByCause().get(PoolMetrics.RestartCause.HUNG)).isEqualTo(1);
        assertThat(m.retirements()).isEqualTo(1);
        assertThat(m.retirementsByCause().get(PoolMetrics.RetirementCause.IDLE)).isEqualTo(1);
        assertThat(m.startFailures()).isEqualTo(2);
        assertThat(m.warmUpFailures()).isEqualTo(1);
        assertThat(m.borrows()).isEqualTo(2);
        assertThat(m.borrowWaitTotal()).isEqualTo(Duration.ofNanos(4_000));
        assertThat(m.idle()).isEqualTo(1);
    }
}
