package dev.exobridge.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What to run: a script text or a command name, its parameters (as data, never spliced into the
 * text), optional pipeline input, and per-call options. Immutable; build with
 * {@link #script(String)} or {@link #command(String)}.
 *
 * <p>Defaults: no parameters, no input, the session's default timeout, remoting's serialisation
 * depth (1 for typed objects), no listener, not idempotent, output batched as the session says.
 */
public final class Invocation {
    /** One parameter: named, positional ({@code name == null}) or a switch. */
    public record Parameter(String name, Object value) {
    }

    private final String text;
    private final boolean isScript;
    private final List<Parameter> parameters;
    private final List<?> input;
    private final Duration timeout;
    private final Integer depth;
    private final StreamListener listener;
    private final boolean idempotent;
    private final Boolean batchOutput;

    private Invocation(Builder b) {
        this.text = b.text;
        this.isScript = b.isScript;
        this.parameters = List.copyOf(b.parameters);
        this.input = b.input == null ? null : Collections.unmodifiableList(new ArrayList<>(b.input));
        this.timeout = b.timeout;
        this.depth = b.depth;
        this.listener = b.listener;
        this.idempotent = b.idempotent;
        this.batchOutput = b.batchOutput;
    }

    /**
     * A script text. With parameters, they bind to the script's {@code param(...)} block, e.g.
     * {@code script("param($Name) \"hi $Name\"").param("Name", x)}.
     */
    public static Builder script(String script) {
        return new Builder(Objects.requireNonNull(script, "script"), true);
    }

    /** A command name (cmdlet, function, alias, script path), e.g. {@code command("Get-Date")}. */
    public static Builder command(String name) {
        if (Objects.requireNonNull(name, "name").isBlank()) {
            throw new IllegalArgumentException("the command name is blank");
        }
        return new Builder(name, false);
    }

    /** The script text or command name. */
    public String text() {
        return text;
    }

    /** Whether {@link #text()} is a script (else a command name). */
    public boolean isScript() {
        return isScript;
    }

    /** Parameters in order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** Values piped into the command, or {@code null} when there is no input. */
    public List<?> input() {
        return input;
    }

    /** This call's timeout, or {@code null} for the session's default. */
    public Duration timeout() {
        return timeout;
    }

    /** Whether this call's output travels in batches, or {@code null} for the session's setting. */
    public Boolean batchOutput() {
        return batchOutput;
    }

    /** Serialisation depth asked for, or {@code null} for remoting's default. */
    public Integer depth() {
        return depth;
    }

    /** The listener, or {@code null}. */
    public StreamListener listener() {
        return listener;
    }

    /** Whether the call may safely run twice (a pool retries it on another session after a crash). */
    public boolean idempotent() {
        return idempotent;
    }

    @Override
    public String toString() {
        String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
        return (isScript ? "script " : "command ") + shown.replace('\n', ' ')
                + (parameters.isEmpty() ? "" : " (" + parameters.size() + " parameters)");
    }

    /** Builds an {@link Invocation}. */
    public static final class Builder {
        private final String text;
        private final boolean isScript;
        private final List<Parameter> parameters = new ArrayList<>();
        private List<?> input;
        private Duration timeout;
        private Integer depth;
        private StreamListener listener;
        private boolean idempotent;
        private Boolean batchOutput;

        private Builder(String text, boolean isScript) {
            this.text = text;
            this.isScript = isScript;
        }

        /** A named parameter; the value travels as typed CLIXML data (see CliXmlWriter). */
        public Builder param(String name, Object value) {
            if (Objects.requireNonNull(name, "name").isBlank() || name.startsWith("-")) {
                throw new IllegalArgumentException("a parameter name is given without its dash and is not blank: '"
                        + name + "'");
            }
            parameters.add(new Parameter(name, value));
            return this;
        }

        /** A switch parameter that is present. */
        public Builder switchParam(String name) {
            return param(name, Boolean.TRUE);
        }

        /** A positional argument. */
        public Builder arg(Object value) {
            parameters.add(new Parameter(null, value));
            return this;
        }

        /** Values piped into the command. */
        public Builder input(List<?> values) {
            this.input = Objects.requireNonNull(values, "values");
            return this;
        }

        /** A timeout for this call; after it the call is stopped. */
        public Builder timeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("the timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Sends this call's output in batches or object by object, whatever the session's
         * {@link SessionOptions.Builder#batchOutput} says (default: the session's setting, which
         * is on). Turn it off for a script that writes an object and then waits for the caller
         * to act on it: a batch goes out when full, when objects keep coming, or at the end.
         */
        public Builder batchOutput(boolean on) {
            this.batchOutput = on;
            return this;
        }

        /**
         * Serialise output to this depth instead of remoting's default of 1 (nested objects then
         * arrive whole down to that depth). The serialising happens inside pwsh (in the output
         * batches, or one object at a time with batching off), without the session key: a
         * SecureString nested in such output crosses the local pipe as unencrypted text (it still
         * reaches the caller only as a {@code Secret}); with batching on, one at the top level
         * of the output stays encrypted. From 1 (remoting's own) to 100; at 0 a batch of output
         * would arrive as one string, so it is refused.
         */
        public Builder depth(int depth) {
            if (depth < 1 || depth > 100) {
                throw new IllegalArgumentException("depth must be between 1 and 100, got " + depth);
            }
            this.depth = depth;
            return this;
        }

        /** Receives stream records and errors while the call runs. */
        public Builder listener(StreamListener listener) {
            this.listener = listener;
            return this;
        }

        /** Marks the call as safe to run twice. */
        public Builder idempotent(boolean idempotent) {
            this.idempotent = idempotent;
            return this;
        }

        /** The invocation. */
        public Invocation build() {
            return new Invocation(this);
        }
    }
}
