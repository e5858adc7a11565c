package dev.exobridge.exchange;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How to connect to Exchange Online and keep the connection healthy. Immutable; build with
 * {@link #builder()}.
 *
 * <p>Defaults:
 * <ul>
 *   <li>ExchangeEnvironmentName: none given, so the module's {@code O365Default}</li>
 *   <li>DelegatedOrganization, Prefix, PageSize: none given (the module's: no prefix, 1000)</li>
 *   <li>CommandName: none given, so every cmdlet (name a few for less memory)</li>
 *   <li>{@code -ShowBanner:$false} and {@code -SkipLoadingFormatData}: on</li>
 *   <li>a temporary-module folder of the session's own ({@code -EXOModuleBasePath} with module
 *       3.9.2+, and pwsh's TMPDIR), removed when the session closes, after a crash at the next
 *       start</li>
 *   <li>the simulator module: refused</li>
 *   <li>token renewal margin: 5 min (a token that expires sooner is renewed before a call)</li>
 *   <li>connected sessions per tenant and app in this JVM: 3</li>
 *   <li>retries of throttled or transient idempotent calls: up to 5 attempts within 2 min, with
 *       exponential back-off from 1 s up to 30 s and full jitter (a delay the message names is
 *       honoured), through the pool's {@link dev.exobridge.pool.RetryLoop}; the retry after a
 *       reconnect for want of authorization is one of those attempts</li>
 *   <li>connect timeout: 2 min</li>
 * </ul>
 */
public final class ExchangeOptions {
    /** The environments {@code -ExchangeEnvironmentName} takes. */
    public static final Set<String> ENVIRONMENTS = Set.of("O365Default", "O365GermanyCloud", "O365China",
            "O365USGovGCCHigh", "O365USGovDoD");
    private static final Pattern PREFIX = Pattern.compile("[a-zA-Z0-9]+");
    private static final Pattern COMMAND = Pattern.compile("[A-Za-z][A-Za-z0-9]*-[A-Za-z0-9*?]+|\\*");

    private final String environmentName;
    private final String delegatedOrganization;
    private final List<String> commandNames;
    private final Integer pageSize;
    private final String prefix;
    private final boolean showBanner;
    private final boolean skipLoadingFormatData;
    private final boolean allowSimulator;
    private final Duration renewalMargin;
    private final int maxConnectionsPerApp;
    private final int maxAttempts;
    private final Duration retryBudget;
    private final Duration backoffInitial;
    private final Duration backoffMax;
    private final Duration connectTimeout;

    private ExchangeOptions(Builder b) {
        this.environmentName = b.environmentName;
        this.delegatedOrganization = b.delegatedOrganization;
        this.commandNames = List.copyOf(b.commandNames);
        this.pageSize = b.pageSize;
        this.prefix = b.prefix;
        this.showBanner = b.showBanner;
        this.skipLoadingFormatData = b.skipLoadingFormatData;
        this.allowSimulator = b.allowSimulator;
        this.renewalMargin = b.renewalMargin;
        this.maxConnectionsPerApp = b.maxConnectionsPerApp;
        this.maxAttempts = b.maxAttempts;
        this.retryBudget = b.retryBudget;
        this.backoffInitial = b.backoffInitial;
        this.backoffMax = b.backoffMax;
        this.connectTimeout = b.connectTimeout;
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults. */
    public static ExchangeOptions defaults() {
        return builder().build();
    }

    /** {@code -ExchangeEnvironmentName}, or {@code null} for the module's default. */
    public String environmentName() {
        return environmentName;
    }

    /** {@code -DelegatedOrganization}, or {@code null}. */
    public String delegatedOrganization() {
        return delegatedOrganization;
    }

    /** {@code -CommandName}; empty for every cmdlet. */
    public List<String> commandNames() {
        return commandNames;
    }

    /** {@code -PageSize}, or {@code null} for the module's 1000. */
    public Integer pageSize() {
        return pageSize;
    }

    /** {@code -Prefix}, or {@code null}. */
    public String prefix() {
        return prefix;
    }

    /** Whether the banner is shown (default {@code false}). */
    public boolean showBanner() {
        return showBanner;
    }

    /** Whether {@code -SkipLoadingFormatData} is given (default {@code true}). */
    public boolean skipLoadingFormatData() {
        return skipLoadingFormatData;
    }

    /** Whether exo-bridge's simulator module may be used (default {@code false}). */
    public boolean allowSimulator() {
        return allowSimulator;
    }

    /** A token that expires within this margin is renewed before a call (default 5 min). */
    public Duration renewalMargin() {
        return renewalMargin;
    }

    /** Connected sessions per tenant and app in this JVM, over all pools (default 3). */
    public int maxConnectionsPerApp() {
        return maxConnectionsPerApp;
    }

    /**
     * Attempts of an idempotent call that was throttled, hit a transient fault or (once, after a
     * reconnect) was refused authorization, the first included (default 5).
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** Total time one call's attempts may take: a retry whose wait would end later is not made (default 2 min). */
    public Duration retryBudget() {
        return retryBudget;
    }

    /** The first back-off bound (default 1 s); it doubles per retry. */
    public Duration backoffInitial() {
        return backoffInitial;
    }

    /** The largest back-off bound (default 30 s). */
    public Duration backoffMax() {
        return backoffMax;
    }

    /** How long a connect may take (default 2 min). */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.environmentName = environmentName;
        b.delegatedOrganization = delegatedOrganization;
        b.commandNames = commandNames;
        b.pageSize = pageSize;
        b.prefix = prefix;
        b.showBanner = showBanner;
        b.skipLoadingFormatData = skipLoadingFormatData;
        b.allowSimulator = allowSimulator;
        b.renewalMargin = renewalMargin;
        b.maxConnectionsPerApp = maxConnectionsPerApp;
        b.maxAttempts = maxAttempts;
        b.retryBudget = retryBudget;
        b.backoffInitial = backoffInitial;
        b.backoffMax = backoffMax;
        b.connectTimeout = connectTimeout;
        return b;
    }

    /** Builds {@link ExchangeOptions}; each setter checks its value. */
    public static final class Builder {
        private String environmentName;
        private String delegatedOrganization;
        private List<String> commandNames = List.of();
        private Integer pageSize;
        private String prefix;
        private boolean showBanner;
        private boolean skipLoadingFormatData = true;
        private boolean allowSimulator;
        private Duration renewalMargin = Duration.ofMinutes(5);
        private int maxConnectionsPerApp = 3;
        private int maxAttempts = 5;
        private Duration retryBudget = Duration.ofMinutes(2);
        private Duration backoffInitial = Duration.ofSeconds(1);
        private Duration backoffMax = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofMinutes(2);

        private Builder() {
        }

        /** One of {@link #ENVIRONMENTS} (case-insensitive), or {@code null}. */
        public Builder environmentName(String name) {
            if (name == null) {
                this.environmentName = null;
                return this;
            }
            this.environmentName = ENVIRONMENTS.stream().filter(e -> e.equalsIgnoreCase(name.strip())).findFirst()
                    .orElseThrow(() -> new InvalidAuthException("unknown Exchange environment '"
                            + ExchangeAuth.Checks.shown(name) + "'; one of " + String.join(", ",
                            ENVIRONMENTS.stream().sorted().toList())));
            return this;
        }

        /** The customer tenant to manage (partners): {@code name.onmicrosoft.com} or a tenant id. */
        public Builder delegatedOrganization(String org) {
            this.delegatedOrganization = org == null ? null : ExchangeAuth.Checks.organization(org, true);
            return this;
        }

        /** Only these cmdlets are made available (less memory); empty for all. */
        public Builder commandNames(List<String> names) {
            for (String n : names) {
                if (n == null || !COMMAND.matcher(n.strip()).matches()) {
                    throw new InvalidAuthException("a command name looks like Get-Mailbox, got '"
                            + (n == null ? "" : ExchangeAuth.Checks.shown(n)) + "'");
                }
            }
            this.commandNames = names.stream().map(String::strip).toList();
            return this;
        }

        /** Objects per page, 1 to 1000; {@code null} for the module's 1000. */
        public Builder pageSize(Integer size) {
            if (size != null && (size < 1 || size > 1000)) {
                throw new InvalidAuthException("the page size is 1 to 1000, got " + size);
            }
            this.pageSize = size;
            return this;
        }

        /** A prefix for the cmdlets' nouns (letters and digits; {@code EXO} is reserved), or {@code null}. */
        public Builder prefix(String prefix) {
            if (prefix != null) {
                if (!PREFIX.matcher(prefix).matches()) {
                    throw new InvalidAuthException("a prefix has only letters and digits, got '"
                            + ExchangeAuth.Checks.shown(prefix) + "'");
                }
                if (prefix.toUpperCase(Locale.ROOT).equals("EXO")) {
                    throw new InvalidAuthException("the prefix EXO is reserved by the module; choose another");
                }
            }
            this.prefix = prefix;
            return this;
        }

        /** Show the module's banner (default off: it costs a call and only writes to the host). */
        public Builder showBanner(boolean on) {
            this.showBanner = on;
            return this;
        }

        /** Give {@code -SkipLoadingFormatData} (default on). */
        public Builder skipLoadingFormatData(boolean on) {
            this.skipLoadingFormatData = on;
            return this;
        }

        /** Accept exo-bridge's simulator module (default off: a connect refuses it). */
        public Builder allowSimulator(boolean on) {
            this.allowSimulator = on;
            return this;
        }

        /** Renew a token that expires within this margin before a call (zero or more). */
        public Builder renewalMargin(Duration margin) {
            if (margin == null || margin.isNegative()) {
                throw new IllegalArgumentException("the renewal margin must be zero or positive, got " + margin);
            }
            this.renewalMargin = margin;
            return this;
        }

        /** Connected sessions per tenant and app in this JVM, at least 1. */
        public Builder maxConnectionsPerApp(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("at least one connection per app, got " + n);
            }
            this.maxConnectionsPerApp = n;
            return this;
        }

        /** Attempts of an idempotent call (see {@link ExchangeOptions#maxAttempts()}), at least 1 (1: no retry). */
        public Builder maxAttempts(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("at least one attempt, got " + n);
            }
            this.maxAttempts = n;
            return this;
        }

        /** Total time one call's retries may take. */
        public Builder retryBudget(Duration budget) {
            this.retryBudget = positive(budget, "retryBudget");
            return this;
        }

        /** Back-off bounds: the first, doubling per retry up to {@code max}. */
        public Builder backoff(Duration initial, Duration max) {
            this.backoffInitial = positive(initial, "backoff initial");
            this.backoffMax = positive(max, "backoff max");
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("the back-off maximum " + max + " is below its start " + initial);
            }
            return this;
        }

        /** How long a connect may take. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** The options. */
        public ExchangeOptions build() {
            return new ExchangeOptions(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return Objects.requireNonNull(d);
        }
    }
}
