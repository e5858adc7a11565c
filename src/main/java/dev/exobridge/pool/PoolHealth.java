package dev.exobridge.pool;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a pool can serve, in one value a service can put on its health endpoint
 * ({@link SessionPool#health()}). The pool is up when it is open, at least its minimum of
 * sessions is alive, and the last session start (with its warm-up) succeeded; {@link #problems()}
 * says in words what is not so. Taken at once under the pool's lock; it starts nothing and runs
 * no call. A pool refilling after a crash is down until the replacement is warm (a second or so):
 * use it for readiness, not for a liveness probe that restarts the process.
 *
 * @param up                whether the pool can serve ({@code problems} is empty)
 * @param pool              the pool's name
 * @param alive             sessions open in the pool
 * @param starting          sessions being started and warmed up
 * @param minSessions       sessions the pool keeps open
 * @param lastStartFailure  why the last session start or warm-up failed, while starts keep failing;
 *                          {@code null} when the last one succeeded (or none failed)
 * @param problems          what keeps the pool from being up, in words; empty when up
 */
public record PoolHealth(boolean up, String pool, int alive, int starting, int minSessions, String lastStartFailure,
                         List<String> problems) {
    public PoolHealth {
        problems = List.copyOf(problems);
    }

    /** The health of a pool in this state; {@code lastFailure} is {@code null} when the last start succeeded. */
    static PoolHealth of(String pool, boolean closed, int alive, int starting, int minSessions,
                         RuntimeException lastFailure) {
        List<String> problems = new ArrayList<>();
        if (closed) {
            problems.add("the pool is closed");
        } else {
            if (alive < minSessions) {
                problems.add(alive + " of its minimum " + minSessions + " sessions alive (" + starting + " starting)");
            }
            if (lastFailure != null) {
                problems.add("the last session start failed: " + lastFailure.getMessage());
            }
        }
        return new PoolHealth(problems.isEmpty(), pool, alive, starting, minSessions,
                lastFailure == null ? null : lastFailure.getMessage(), problems);
    }

    @Override
    public String toString() {
        return pool + (up ? " is up" : " is down: " + String.join("; ", problems)) + " (" + alive + " alive, "
                + starting + " starting, minimum " + minSessions + ")";
    }
}
