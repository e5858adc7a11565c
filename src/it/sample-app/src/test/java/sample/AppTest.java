package sample;

import org.junit.jupiter.api.Test;

/** Runs the application: it throws unless a real call through the installed exo-bridge returned 42. */
class AppTest {
    @Test
    void oneRealCallThroughThePool() throws Exception {
        App.main(new String[0]);
    }
}
