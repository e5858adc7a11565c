package dev.exobridge.cli;

import dev.exobridge.session.PwshSession;
import dev.exobridge.session.ResultStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM while {@code exo-bridge run} runs a script: the first asks pwsh to stop the
 * pipeline (so the script's {@code finally} blocks run, as pwsh's own Ctrl-C does), and kills
 * pwsh if it has not stopped after {@link #GRACE}; the command then closes its output and exits
 * with {@link ExitCode#INTERRUPTED} or {@link ExitCode#TERMINATED}. Installed only in the real
 * process ({@link Main#main}), never by in-process runs, whose JVM is not ours to steer.
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported, present in every JDK 17): Java has no
 * public API for catching a signal and going on.
 */
final class RunSignals implements AutoCloseable {
    /** How long a stopped pipeline may take to end before pwsh is killed. */
    static final Duration GRACE = Duration.ofSeconds(3);
    private static final Logger LOG = LoggerFactory.getLogger(RunSignals.class);
    private static volatile boolean enabled;

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile PwshSession session;
    private volatile ResultStream stream;
    private volatile ExitCode received;

    /** Lets {@code run} install handlers; called by {@link Main#main} only. */
    static void enable() {
        enabled = true;
    }

    /** Handlers for INT and TERM until {@link #close()}, or nothing for an in-process run. */
    static RunSignals install() {
        RunSignals s = new RunSignals();
        if (enabled) {
            s.handle("INT", ExitCode.INTERRUPTED);
            s.handle("TERM", ExitCode.TERMINATED);
        }
        return s;
    }

    private void handle(String name, ExitCode code) {
        try {
            Signal sig = new Signal(name);
            previous.add(Signal.handle(sig, s -> onSignal(code)));
            signals.add(sig);
        } catch (IllegalArgumentException e) {
            LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
        }
    }

    /** The call to stop when a signal comes. */
    void watch(PwshSession session, ResultStream stream) {
        this.session = session;
        this.stream = stream;
    }

    /** The signal's exit code, or {@code null} when none came. */
    ExitCode received() {
        return received;
    }

    private void onSignal(ExitCode code) {
        if (received != null) {
            return;
        }
        received = code;
        ResultStream s = stream;
        PwshSession p = session;
        LOG.debug("signal ({}): stopping the call", code);
        if (s == null || p == null) {
            if (p != null) {
                p.kill();
            }
            return;
        }
        Thread t = new Thread(() -> {
            s.requestStop();
            long until = System.nanoTime() + GRACE.toNanos();
            // The consumer thread sees the pipeline end and unwinds; if pwsh does not stop in
            // time, killing it ends the call as well.
            while (p.isAlive() && p.activeCalls() > 0 && System.nanoTime() < until) {
                try {
                    TimeUnit.MILLISECONDS.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (p.activeCalls() > 0) {
                LOG.debug("the pipeline did not stop within {}; killing pwsh", GRACE);
                p.kill();
            }
        }, "exo-bridge-signal");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
