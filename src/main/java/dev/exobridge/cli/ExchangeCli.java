package dev.exobridge.cli;

import dev.exobridge.exchange.ExchangeAuth;
import dev.exobridge.exchange.ExchangeOptions;
import dev.exobridge.exchange.ExchangeSession;
import dev.exobridge.session.SessionOptions;
import java.time.Duration;

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
        return ExchangeSession.open(simulator.apply(root, sessionOptions(root, auth)), a, o.build());
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
