package dev.exobridge.pool;

import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationResult;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health check a session runs before it is lent when it idled longer than the threshold
 * ({@link PoolOptions.Builder#healthCheck}): it passes when it ends without any error.
 */
final class HealthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(HealthCheck.class);

    private final String pool;
    private final Invocation check;
    private final long afterIdleNanos;

    HealthCheck(PoolOptions options) {
        this.pool = options.name();
        this.check = Invocation.script(options.healthCheckScript()).timeout(options.healthCheckTimeout()).build();
        this.afterIdleNanos = options.healthCheckAfterIdle().toNanos();
    }

    /** Whether {@code e}, about to get its first lease, idled long enough to be checked. */
    boolean due(PooledSession e, long nowNanos) {
        return e.leases == 0 && nowNanos - e.lastReturnedNanos >= afterIdleNanos;
    }

    /** Runs the check; false (logged) when it failed. Runs outside the pool's lock. */
    boolean passes(PooledSession e) {
        try {
            InvocationResult r = e.session.invoke(check);
            if (!r.hadErrors()) {
                return true;
            }
            LOG.warn("{}: {} failed its health check: {}", pool, e, r.errors().get(0).message());
        } catch (RuntimeException ex) {
            LOG.warn("{}: {} failed its health check: {}", pool, e, ex.getMessage());
        }
        return false;
    }

    @Override
    public String toString() {
        return "health check after " + Durations.text(Duration.ofNanos(afterIdleNanos)) + " idle";
    }
}
