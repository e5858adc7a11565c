package dev.exobridge.pool;

import static dev.exobridge.Checks.positive;

import dev.exobridge.session.SessionOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How a {@link SessionPool} runs. Immutable; build with {@link #builder()}.
 *
 * <p>Defaults:
 * <ul>
 *   <li>session options: {@link SessionOptions#defaults()} (pwsh found by discovery), except that the
 *       pool sets their runspaces and default call timeout from the two settings below</li>
 *   <li>sessions: at least 1, at most 4</li>
 *   <li>runspaces per session: 1 (a warm-up then reaches every call; more is allowed only without a
 *       warm-up, see {@link Builder#runspacesPerSession})</li>
 *   <li>borrow timeout: 30 s</li>
 *   <li>default call timeout: 10 min (for calls that set none; {@code null} for none)</li>
 *   <li>maximum uses per session: 10,000 calls ({@code 0} for no limit)</li>
 *   <li>maximum age per session: 30 min ({@code null} for no limit)</li>
 *   <li>lifetime jitter: 0.1, so each session's maximum age and uses are cut by a random 0-10 %
 *       and sessions started together do not all retire together</li>
 *   <li>idle timeout: 10 min (sessions above the minimum idle that long are retired; {@code null}
 *       for never)</li>
 *   <li>health check: a session idle longer than 10 s runs the script {@code 1} (timeout 5 s)
 *       before it is handed out; a session that fails it is replaced</li>
 *   <li>warm-up: none</li>
 *   <li>retries of idempotent calls after a crash or a hang: at most 2</li>
 *   <li>housekeeping every 30 s</li>
 *   <li>back-off after failed session starts: 1 s, doubling up to 60 s</li>
 *   <li>name: {@code exo-bridge-pool-N}, N counting pools of this JVM</li>
 * </ul>
 */
public final class PoolOptions {
    private static final AtomicLong POOLS = new AtomicLong();

    private final SessionOptions session;
    private final int minSessions;
    private final int maxSessions;
    private final int runspacesPerSession;
    private final Duration borrowTimeout;
    private final Duration defaultCallTimeout;
    private final long maxUses;
    private final Duration maxAge;
    private final double lifetimeJitter;
    private final Duration idleTimeout;
    private final Duration healthCheckAfterIdle;
    private final String healthCheckScript;
    private final Duration healthCheckTimeout;
    private final List<WarmUpStep> warmUp;
    private final int maxRetries;
    private final Duration housekeepingPeriod;
    private final Duration backoffInitial;
    private final Duration backoffMax;
    private final String name;

    private PoolOptions(Builder b) {
        this.runspacesPerSession = b.runspacesPerSession;
        this.defaultCallTimeout = b.defaultCallTimeout;
        this.session = b.session.toBuilder().runspaces(b.runspacesPerSession).defaultTimeout(b.defaultCallTimeout)
                .build();
        this.minSessions = b.minSessions;
        this.maxSessions = b.maxSessions;
        this.borrowTimeout = b.borrowTimeout;
        this.maxUses = b.maxUses;
        this.maxAge = b.maxAge;
        this.lifetimeJitter = b.lifetimeJitter;
        this.idleTimeout = b.idleTimeout;
        this.healthCheckAfterIdle = b.healthCheckAfterIdle;
        this.healthCheckScript = b.healthCheckScript;
        this.healthCheckTimeout = b.healthCheckTimeout;
        this.warmUp = List.copyOf(b.warmUp);
        this.maxRetries = b.maxRetries;
        this.housekeepingPeriod = b.housekeepingPeriod;
        this.backoffInitial = b.backoffInitial;
        this.backoffMax = b.backoffMax;
        this.name = b.name != null ? b.name : "exo-bridge-pool-" + POOLS.incrementAndGet();
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options every session starts with; their runspaces and default timeout are the pool's. */
    public SessionOptions session() {
        return session;
    }

    /** Sessions the pool keeps open even when nobody borrows. */
    public int minSessions() {
        return minSessions;
    }

    /** Sessions the pool opens at most. */
    public int maxSessions() {
        return maxSessions;
    }

    /** Runspaces in each session: calls one session runs at once. */
    public int runspacesPerSession() {
        return runspacesPerSession;
    }

    /** How long a borrower waits for a free session. */
    public Duration borrowTimeout() {
        return borrowTimeout;
    }

    /** Timeout of calls that set none, or {@code null} for none. */
    public Duration defaultCallTimeout() {
        return defaultCallTimeout;
    }

    /** Calls after which a session is retired (before jitter), {@code 0} for no limit. */
    public long maxUses() {
        return maxUses;
    }

    /** Age after which a session is retired (before jitter), or {@code null} for no limit. */
    public Duration maxAge() {
        return maxAge;
    }

    /** The largest fraction randomly cut from each session's maximum age and uses. */
    public double lifetimeJitter() {
        return lifetimeJitter;
    }

    /** Idle time after which a session above the minimum is retired, or {@code null} for never. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Idle time after which a session is health-checked before it is handed out. */
    public Duration healthCheckAfterIdle() {
        return healthCheckAfterIdle;
    }

    /** The script of the health check; it passes when it ends without any error. */
    public String healthCheckScript() {
        return healthCheckScript;
    }

    /** How long the health check may take. */
    public Duration healthCheckTimeout() {
        return healthCheckTimeout;
    }

    /** Steps run once, in order, in every new session before it is handed out. */
    public List<WarmUpStep> warmUp() {
        return warmUp;
    }

    /** How often an idempotent call is retried on another session after its session crashed or hung. */
    public int maxRetries() {
        return maxRetries;
    }

    /** How often the housekeeper retires, replaces and refills sessions. */
    public Duration housekeepingPeriod() {
        return housekeepingPeriod;
    }

    /** The wait before a new session start after the first failed one. */
    public Duration backoffInitial() {
        return backoffInitial;
    }

    /** The longest wait between failed session starts. */
    public Duration backoffMax() {
        return backoffMax;
    }

    /** The pool's name, in its logs, thread names and errors. */
    public String name() {
        return name;
    }

    /** Builds {@link PoolOptions}; every setter checks its value at once. */
    public static final class Builder {
        private SessionOptions session = SessionOptions.defaults();
        private int minSessions = 1;
        private int maxSessions = 4;
        private int runspacesPerSession = 1;
        private Duration borrowTimeout = Duration.ofSeconds(30);
        private Duration defaultCallTimeout = Duration.ofMinutes(10);
        private long maxUses = 10_000;
        private Duration maxAge = Duration.ofMinutes(30);
        private double lifetimeJitter = 0.1;
        private Duration idleTimeout = Duration.ofMinutes(10);
        private Duration healthCheckAfterIdle = Duration.ofSeconds(10);
        private String healthCheckScript = "1";
        private Duration healthCheckTimeout = Duration.ofSeconds(5);
        private final List<WarmUpStep> warmUp = new ArrayList<>();
        private int maxRetries = 2;
        private Duration housekeepingPeriod = Duration.ofSeconds(30);
        private Duration backoffInitial = Duration.ofSeconds(1);
        private Duration backoffMax = Duration.ofSeconds(60);
        private String name;

        private Builder() {
        }

        /** How every session starts (pwsh, environment, working directory...); default {@link SessionOptions#defaults()}. */
        public Builder session(SessionOptions options) {
            this.session = Objects.requireNonNull(options, "options");
            return this;
        }

        /** The minimum and maximum number of sessions; {@code 0 <= min <= max}, {@code max >= 1}. */
        public Builder sessions(int min, int max) {
            if (min < 0 || max < 1 || min > max) {
                throw new IllegalArgumentException("sessions need 0 <= min <= max and max >= 1, got min " + min
                        + ", max " + max);
            }
            this.minSessions = min;
            this.maxSessions = max;
            return this;
        }

        /**
         * Runspaces per session (default 1). pwsh picks the runspace of each pipeline itself, so a
         * warm-up could not reach every runspace: more than 1 is refused at {@link #build()} when
         * a warm-up is set. Use more sessions instead.
         */
        public Builder runspacesPerSession(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("runspacesPerSession must be at least 1, got " + n);
            }
            this.runspacesPerSession = n;
            return this;
        }

        /** How long {@code borrow}, {@code invoke} and {@code stream} wait for a free session (default 30 s). */
        public Builder borrowTimeout(Duration d) {
            this.borrowTimeout = positive(d, "borrowTimeout");
            return this;
        }

        /** Timeout of calls that set none (default 10 min); {@code null} for none. */
        public Builder defaultCallTimeout(Duration d) {
            this.defaultCallTimeout = d == null ? null : positive(d, "defaultCallTimeout");
            return this;
        }

        /** Calls after which a session is retired (default 10,000); {@code 0} for no limit. */
        public Builder maxUses(long uses) {
            if (uses < 0) {
                throw new IllegalArgumentException("maxUses must be 0 (no limit) or more, got " + uses);
            }
            this.maxUses = uses;
            return this;
        }

        /** Age after which a session is retired (default 30 min); {@code null} for no limit. */
        public Builder maxAge(Duration d) {
            this.maxAge = d == null ? null : positive(d, "maxAge");
            return this;
        }

        /** The largest random fraction cut from each session's maximum age and uses, 0 to 0.5 (default 0.1). */
        public Builder lifetimeJitter(double fraction) {
            if (!(fraction >= 0 && fraction <= 0.5)) {
                throw new IllegalArgumentException("lifetimeJitter must be between 0 and 0.5, got " + fraction);
            }
            this.lifetimeJitter = fraction;
            return this;
        }

        /** Idle time after which sessions above the minimum are retired (default 10 min); {@code null} for never. */
        public Builder idleTimeout(Duration d) {
            this.idleTimeout = d == null ? null : positive(d, "idleTimeout");
            return this;
        }

        /**
         * The health check run on a session idle longer than {@code afterIdle} before it is handed out
         * (default: script {@code 1}, after 10 s idle, timeout 5 s). It passes when it ends without
         * any error; {@link Duration#ZERO} checks on every borrow.
         */
        public Builder healthCheck(String script, Duration afterIdle, Duration timeout) {
            if (Objects.requireNonNull(script, "script").isBlank()) {
                throw new IllegalArgumentException("the health check script is blank");
            }
            if (Objects.requireNonNull(afterIdle, "afterIdle").isNegative()) {
                throw new IllegalArgumentException("afterIdle must not be negative, got " + afterIdle);
            }
            this.healthCheckScript = script;
            this.healthCheckAfterIdle = afterIdle;
            this.healthCheckTimeout = positive(timeout, "timeout");
            return this;
        }

        /** Adds a warm-up step, run after the ones added before. */
        public Builder warmUp(WarmUpStep step) {
            warmUp.add(Objects.requireNonNull(step, "step"));
            return this;
        }

        /** Adds a warm-up step that runs a script text. */
        public Builder warmUp(String name, String script) {
            return warmUp(WarmUpStep.script(name, script));
        }

        /** Retries of an idempotent call after its session crashed or hung (default 2); {@code 0} for none. */
        public Builder maxRetries(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxRetries must be 0 or more, got " + n);
            }
            this.maxRetries = n;
            return this;
        }

        /** How often the housekeeper runs (default 30 s). */
        public Builder housekeepingPeriod(Duration d) {
            this.housekeepingPeriod = positive(d, "housekeepingPeriod");
            return this;
        }

        /** Back-off after failed session starts: {@code initial}, doubling up to {@code max} (default 1 s, 60 s). */
        public Builder startBackoff(Duration initial, Duration max) {
            positive(initial, "initial");
            positive(max, "max");
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("the back-off maximum " + max + " is below its initial " + initial);
            }
            this.backoffInitial = initial;
            this.backoffMax = max;
            return this;
        }

        /** The pool's name in logs, thread names and errors (default {@code exo-bridge-pool-N}). */
        public Builder name(String name) {
            if (Objects.requireNonNull(name, "name").isBlank()) {
                throw new IllegalArgumentException("the pool name is blank");
            }
            this.name = name;
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException when a warm-up is set with more than one runspace per session
         */
        public PoolOptions build() {
            if (runspacesPerSession > 1 && !warmUp.isEmpty()) {
                throw new IllegalArgumentException("a warm-up needs 1 runspace per session, got "
                        + runspacesPerSession + ": pwsh chooses the runspace of each call, so calls could land in a"
                        + " runspace the warm-up never ran in; use more sessions instead of more runspaces");
            }
            return new PoolOptions(this);
        }

    }
}
