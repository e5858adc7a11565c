package dev.exobridge.metrics;

import dev.exobridge.exchange.ExchangePool;
import dev.exobridge.pool.PoolMetrics;
import dev.exobridge.pool.PoolMetrics.Outcome;
import dev.exobridge.pool.PoolMetrics.RestartCause;
import dev.exobridge.pool.PoolMetrics.RetirementCause;
import dev.exobridge.pool.SessionPool;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Publishes a pool's figures through Micrometer, as HikariCP's tracker does for its pools:
 * {@code new PoolMeterBinder(pool).bindTo(registry)}. Every meter reads the pool's one set of
 * counters ({@link SessionPool#metrics()}) when the registry asks; nothing is counted twice and
 * nothing runs between scrapes. Micrometer ({@code io.micrometer:micrometer-core}) is an optional
 * dependency of exo-bridge: add it to use this class; no other class of the library refers to it.
 *
 * <p>Meters, all tagged {@code pool=<name>} (and {@code tenant=<organization>} for an
 * {@link ExchangePool}), plus any tags given here:
 * <ul>
 *   <li>{@code exobridge.sessions} (gauge), tag {@code state}: {@code idle}, {@code busy}, {@code starting};
 *       {@code exobridge.sessions.min}, {@code exobridge.sessions.max} (gauges, the settings);
 *       {@code exobridge.borrowers.waiting} (gauge)</li>
 *   <li>{@code exobridge.borrow.wait} (function timer: borrows and their total wait);
 *       {@code exobridge.borrow.wait.max} and {@code exobridge.borrow.wait.percentile} with tag
 *       {@code quantile} 0.5, 0.95, 0.99 (time gauges, over the last 4,096 borrows)</li>
 *   <li>{@code exobridge.calls} (function timer), tag {@code outcome}: {@code success},
 *       {@code powershell-error}, {@code timeout}, {@code session-died}, {@code borrow-timeout},
 *       {@code prompt-refused}, {@code cancelled}, {@code other-failure}
 *       ({@link Outcome}); a pool call's time includes its wait for a session</li>
 *   <li>{@code exobridge.retries} (counter), tag {@code reason}: {@code crash} (the pool's own
 *       retries of idempotent calls), and for Exchange pools {@code exchange} (after a reconnect
 *       or a throttling or transient back-off)</li>
 *   <li>{@code exobridge.restarts} (counter), tag {@code cause}: {@code crash}, {@code hung},
 *       {@code health-check}, {@code died} ({@link RestartCause});
 *       {@code exobridge.retirements} (counter), tag {@code cause}: {@code age}, {@code uses},
 *       {@code idle}</li>
 *   <li>{@code exobridge.start.failures} (counter: session starts or warm-ups that failed) and
 *       {@code exobridge.warmup.failures} (counter: of those, the warm-ups)</li>
 *   <li>Exchange pools only: {@code exobridge.exchange.connects}, {@code exobridge.exchange.reconnects}
 *       (renewals and reconnects after authorization failures), {@code exobridge.exchange.throttling.warnings}
 *       ("Micro delay applied") (counters)</li>
 * </ul>
 * The meters hold the pool weakly, as Micrometer's function meters do: a pool that is closed and
 * dropped reads as NaN; remove its meters from the registry when you close it for good.
 */
public final class PoolMeterBinder implements MeterBinder {
    private final SessionPool pool;
    private final ExchangePool exchange;
    private final Tags tags;

    /** A binder for a plain pool, its meters tagged {@code pool=<name>} and {@code extraTags}. */
    public PoolMeterBinder(SessionPool pool, Tag... extraTags) {
        this(Objects.requireNonNull(pool, "pool"), null, Tags.of("pool", pool.options().name()).and(extraTags));
    }

    /**
     * A binder for an Exchange pool, its meters tagged {@code pool=<name>},
     * {@code tenant=<organization>} and {@code extraTags}.
     */
    public PoolMeterBinder(ExchangePool pool, Tag... extraTags) {
        this(Objects.requireNonNull(pool, "pool").pool(), pool, Tags.of("pool", pool.pool().options().name(),
                "tenant", String.valueOf(pool.tenant())).and(extraTags));
    }

    private PoolMeterBinder(SessionPool pool, ExchangePool exchange, Tags tags) {
        this.pool = pool;
        this.exchange = exchange;
        this.tags = tags;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "exobridge.sessions", "sessions of the pool by state", "state", "idle", PoolMetrics::idle);
        gauge(registry, "exobridge.sessions", "sessions of the pool by state", "state", "busy", PoolMetrics::busy);
        gauge(registry, "exobridge.sessions", "sessions of the pool by state", "state", "starting",
                PoolMetrics::starting);
        Gauge.builder("exobridge.sessions.min", pool, p -> p.options().minSessions()).tags(tags)
                .description("sessions the pool keeps open").register(registry);
        Gauge.builder("exobridge.sessions.max", pool, p -> p.options().maxSessions()).tags(tags)
                .description("sessions the pool opens at most").register(registry);
        Gauge.builder("exobridge.borrowers.waiting", pool, p -> p.metrics().waitingBorrowers()).tags(tags)
                .description("borrowers waiting for a session").register(registry);

        FunctionTimer.builder("exobridge.borrow.wait", pool, p -> p.metrics().borrows(),
                        p -> p.metrics().borrowWaitTotal().toNanos(), TimeUnit.NANOSECONDS)
                .tags(tags).description("waits for a session").register(registry);
        TimeGauge.builder("exobridge.borrow.wait.max", pool, TimeUnit.NANOSECONDS,
                        p -> p.metrics().borrowWaitMax().toNanos())
                .tags(tags).description("the longest wait for a session since the pool started").register(registry);
        percentile(registry, "0.5", m -> m.borrowWaitP50());
        percentile(registry, "0.95", m -> m.borrowWaitP95());
        percentile(registry, "0.99", m -> m.borrowWaitP99());

        for (Outcome o : Outcome.values()) {
            FunctionTimer.builder("exobridge.calls", pool, p -> p.metrics().calledByOutcome().get(o).count(),
                            p -> p.metrics().calledByOutcome().get(o).total().toNanos(), TimeUnit.NANOSECONDS)
                    .tags(tags).tag("outcome", o.tag()).description("calls that ended, by outcome").register(registry);
        }
        counter(registry, "exobridge.retries", "calls run again", "reason", "crash", PoolMetrics::retries);
        for (RestartCause c : RestartCause.values()) {
            counter(registry, "exobridge.restarts", "sessions replaced, by cause", "cause", c.tag(),
                    m -> m.restartsByCause().get(c));
        }
        for (RetirementCause c : RetirementCause.values()) {
            counter(registry, "exobridge.retirements", "sessions retired, by cause", "cause", c.tag(),
                    m -> m.retirementsByCause().get(c));
        }
        FunctionCounter.builder("exobridge.start.failures", pool, p -> p.metrics().startFailures()).tags(tags)
                .description("session starts or warm-ups that failed").register(registry);
        FunctionCounter.builder("exobridge.warmup.failures", pool, p -> p.metrics().warmUpFailures()).tags(tags)
                .description("session warm-ups that failed").register(registry);

        if (exchange != null) {
            FunctionCounter.builder("exobridge.retries", exchange, ExchangePool::retries).tags(tags)
                    .tag("reason", "exchange").description("calls run again").register(registry);
            FunctionCounter.builder("exobridge.exchange.connects", exchange, ExchangePool::connects).tags(tags)
                    .description("connections made by new sessions").register(registry);
            FunctionCounter.builder("exobridge.exchange.reconnects", exchange, ExchangePool::reconnects).tags(tags)
                    .description("renewals and reconnects after authorization failures").register(registry);
            FunctionCounter.builder("exobridge.exchange.throttling.warnings", exchange,
                            ExchangePool::throttlingWarnings)
                    .tags(tags).description("throttling warnings (Micro delay applied)").register(registry);
        }
    }

    private void gauge(MeterRegistry registry, String name, String description, String tag, String value,
                       ToDoubleFunction<PoolMetrics> f) {
        Gauge.builder(name, pool, p -> f.applyAsDouble(p.metrics())).tags(tags).tag(tag, value)
                .description(description).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, String tag, String value,
                         ToDoubleFunction<PoolMetrics> f) {
        FunctionCounter.builder(name, pool, p -> f.applyAsDouble(p.metrics())).tags(tags).tag(tag, value)
                .description(description).register(registry);
    }

    private void percentile(MeterRegistry registry, String quantile, java.util.function.Function<PoolMetrics, Duration> f) {
        TimeGauge.builder("exobridge.borrow.wait.percentile", pool, TimeUnit.NANOSECONDS,
                        p -> f.apply(p.metrics()).toNanos())
                .tags(tags).tag("quantile", quantile).description("a percentile of the wait for a session, over the"
                        + " last 4,096 borrows").register(registry);
    }
}
