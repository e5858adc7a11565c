package dev.exobridge.session;

import dev.exobridge.testsupport.TestPwsh;

/** Options for sessions in tests: the real pwsh, short grace periods. */
final class SessionTestSupport {
    private SessionTestSupport() {
    }

    static SessionOptions.Builder options() {
        return SessionOptions.builder().pwsh(TestPwsh.pwsh());
    }

    static PwshSession start() {
        return PwshSession.start(options().build());
    }
}
