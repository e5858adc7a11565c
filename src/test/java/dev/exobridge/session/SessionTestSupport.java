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

    /** A session for a test class: on the fast lane when the class is marked {@link OnFastLane}. */
    static PwshSession startFor(Class<?> testClass) {
        return PwshSession.start(options().fastLane(OnFastLane.class.isAssignableFrom(testClass)).build());
    }

    /**
     * Closes the sessions a class started, skipping those that never started: after a failed
     * {@code @BeforeAll}, {@code @AfterAll} must add no NullPointerException to the real failure.
     */
    static void closeAll(PwshSession... sessions) {
        for (PwshSession s : sessions) {
            if (s != null) {
                s.close();
            }
        }
    }

    /** Marks a test class whose shared session runs its calls on the fast lane. */
    interface OnFastLane {
    }
}
