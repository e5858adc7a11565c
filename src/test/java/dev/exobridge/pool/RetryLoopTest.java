package dev.exobridge.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The retry loop's budget of time, named waits and full jitter, on an injected clock: nothing sleeps. */
class RetryLoopTest {
    /** A clock that only the loop's sleeper moves on. */
    private static final class FakeTime {
        long now = 1_000_000_000L;
        final List<Duration> slept = new ArrayList<>();

        RetryLoop wire(RetryLoop loop) {
            return loop.clock(() -> now).sleeper(d -> {
                slept.add(d);
                now += d.toNanos();
            });
        }
    }

    private static RandomGenerator always(boolean top) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new AssertionError("the back-off draws a bounded value");
            }

            @Override
            public long nextLong(long bound) {
                return top ? bound - 1 : 0;
            }
        };
    }

    @Test
    void fullJitterDrawsFromZeroToTheDoublingBoundBothIncluded() {
        Backoff top = Backoff.fullJitter(Duration.ofSeconds(1), Duration.ofSeconds(5), always(true));
        assertThat(top.failed(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(top.failed(0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(top.failed(0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(top.failed(0)).isEqualTo(Duration.ofSeconds(5));
        top.succeeded();
        assertThat(top.failed(0)).as("a success starts the bounds over").isEqualTo(Duration.ofSeconds(1));

        Backoff bottom = Backoff.fullJitter(Duration.ofSeconds(1), Duration.ofSeconds(5), always(false));
        assertThat(bottom.failed(0)).isZero();
        assertThat(bottom.delayNanos(0)).isZero();

        // Seeded: every draw within its bound, and they differ (a jitter that is not one).
        Backoff seeded = Backoff.fullJitter(Duration.ofMillis(100), Duration.ofMillis(800), new SplittableRandom(7));
        List<Duration> draws = new ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            Duration d = seeded.failed(0);
            assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(Math.min(800, 100L << (n - 1))));
            draws.add(d);
        }
        assertThat(draws).doesNotHaveDuplicates();
        // The default source draws within the bound too.
        Backoff plain = Backoff.fullJitter(Duration.ofMillis(10), Duration.ofMillis(10));
        for (int i = 0; i < 50; i++) {
            assertThat(plain.failed(0)).isBetween(Duration.ZERO, Duration.ofMillis(10));
        }
    }

    @Test
    void aRetryWhoseWaitWouldEndAfterTheTimeBudgetIsNotMade() {
        FakeTime t = new FakeTime();
        List<Duration> told = new ArrayList<>();
        RetryLoop loop = t.wire(new RetryLoop(10, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30))))
                .within(Duration.ofSeconds(10))
                .onRetry((retry, cause, wait) -> told.add(wait));
        IllegalStateException fault = new IllegalStateException("transient");
        List<Integer> attempts = new ArrayList<>();
        assertThatThrownBy(() -> loop.run(n -> {
            attempts.add(n);
            t.now += Duration.ofMillis(500).toNanos(); // each attempt takes half a second
            throw RetryLoop.retry(fault);
        })).isSameAs(fault);
        // 0.5 +1 +0.5 +2 +0.5 +4 = 8.5 s; the next wait (8 s) would end at 17 s, past 10 s.
        assertThat(attempts).containsExactly(0, 1, 2, 3);
        assertThat(t.slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(told).isEqualTo(t.slept);
        assertThat(loop.retries()).isEqualTo(3);
        assertThat(loop.again(fault)).as("the budget stays spent").isFalse();

        // Without a time budget the count alone ends it.
        FakeTime u = new FakeTime();
        RetryLoop counted = u.wire(new RetryLoop(2, new Backoff(Duration.ofHours(1), Duration.ofHours(1))));
        assertThatThrownBy(() -> counted.run(n -> {
            throw RetryLoop.retry(fault);
        })).isSameAs(fault);
        assertThat(u.slept).containsExactly(Duration.ofHours(1), Duration.ofHours(1));
    }

    @Test
    void aNamedWaitReplacesTheBackoffForThatRetryOnly() {
        FakeTime t = new FakeTime();
        RetryLoop loop = t.wire(new RetryLoop(4, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30))))
                .within(Duration.ofMinutes(1));
        IllegalStateException fault = new IllegalStateException("throttled");
        String r = loop.run(n -> switch (n) {
            case 0 -> throw RetryLoop.retry(fault, Duration.ofSeconds(7)); // longer than the back-off's 1 s
            case 1 -> throw RetryLoop.retry(fault, Duration.ofMillis(100)); // shorter than its 2 s: still 100 ms
            case 2 -> throw RetryLoop.retry(fault);                          // back on the schedule: third failure
            case 3 -> throw RetryLoop.retry(fault, Duration.ZERO);           // at once
            default -> "done";
        });
        assertThat(r).isEqualTo("done");
        assertThat(t.slept).as("a zero wait does not sleep")
                .containsExactly(Duration.ofSeconds(7), Duration.ofMillis(100), Duration.ofSeconds(4));
        assertThat(loop.retries()).isEqualTo(4);

        // A named wait past the budget is not waited: the failure ends the loop at once.
        FakeTime u = new FakeTime();
        RetryLoop budget = u.wire(new RetryLoop(4, Backoff.none())).within(Duration.ofMinutes(1));
        assertThatThrownBy(() -> budget.run(n -> {
            throw RetryLoop.retry(fault, Duration.ofMinutes(5));
        })).isSameAs(fault);
        assertThat(u.slept).isEmpty();
        assertThat(budget.retries()).isZero();
        // again() takes a named wait too (a stream driven elsewhere).
        assertThat(budget.again(fault, Duration.ofSeconds(3))).isTrue();
        assertThat(u.slept).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void badArgumentsAndAnInterruptedWaitSayWhat() {
        IllegalStateException fault = new IllegalStateException("x");
        assertThatThrownBy(() -> RetryLoop.retry(fault, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> new RetryLoop(1, Backoff.none()).within(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("budget");
        assertThatThrownBy(() -> Backoff.fullJitter(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        RetryLoop interrupted = new RetryLoop(1, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .sleeper(d -> {
                    throw new InterruptedException("stop");
                });
        try {
            assertThatThrownBy(() -> interrupted.run(n -> {
                throw RetryLoop.retry(fault);
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("interrupted while waiting to retry");
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
