package dev.exobridge.cli;

import dev.exobridge.exchange.ExchangeAuth;
import dev.exobridge.exchange.ExchangeOptions;
import dev.exobridge.exchange.ExchangeSession;
import dev.exobridge.session.SessionOptions;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** Connecting from the command line: what {@code connect} and {@code run} share. */
final class ExchangeCli {
    private ExchangeCli() {
    }

    /**
     * A connected session for the auth options; the device-code message goes to stderr.
     *
     * @param stdinTaken whether the script is read from stdin ({@code -c -})
     */
    static ExchangeSession open(ExoBridgeCommand root, AuthOptions auth, SimulatorOptions simulator, boolean stdinTaken,
                                Duration timeout) {
        return open(root, auth, simulator, stdinTaken, timeout, UnaryOperator.identity());
    }

    /** As above, with the command's own session settings ({@code run}'s host handler, say) applied by {@code tune}. */
    static ExchangeSession open(ExoBridgeCommand root, AuthOptions auth, SimulatorOptions simulator, boolean stdinTaken,
                                Duration timeout, UnaryOperator<SessionOptions.Builder> tune) {
        CliIo io = root.io();
        ExchangeAuth a = auth.auth(io, stdinTaken, message -> {
            io.err().println(message);
            io.err().flush();
        });
        ExchangeOptions.Builder o = auth.options(ExchangeOptions.builder(), io);
        if (timeout != null) {
            o.connectTimeout(timeout);
        }
        o.allowSimulator(simulator.simulator);
        SessionOptions options = tune.apply(simulator.apply(root, sessionOptions(root, auth)).toBuilder()).build();
        return ExchangeSession.open(options, a, o.build());
    }

    /** The CLI's session options without any secret variable in pwsh's environment. */
    static SessionOptions sessionOptions(ExoBridgeCommand root, AuthOptions auth) {
        SessionOptions.Builder b = root.sessionOptions().toBuilder();
        for (String name : auth.secretVariables()) {
            b.environment(name, "");
        }
        return b.build();
    }
}
