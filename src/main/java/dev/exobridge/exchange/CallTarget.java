package dev.exobridge.exchange;

import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationResult;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.ResultStream;

/** Where an {@link ExchangeSession} runs its calls: a session of its own, or a pool's lease of the moment. */
interface CallTarget {
    InvocationResult invoke(Invocation invocation);

    ResultStream stream(Invocation invocation);

    boolean isAlive();

    static CallTarget of(PwshSession s) {
        return new CallTarget() {
            @Override
            public InvocationResult invoke(Invocation invocation) {
                return s.invoke(invocation);
            }

            @Override
            public ResultStream stream(Invocation invocation) {
                return s.stream(invocation);
            }

            @Override
            public boolean isAlive() {
                return s.isAlive();
            }

            @Override
            public String toString() {
                return s.toString();
            }
        };
    }
}
