package dev.exobridge.pwsh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ProcessDestroyer;
import org.apache.commons.exec.PumpStreamHandler;
import org.apache.commons.exec.Watchdog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pwsh once for a short question with commons-exec: output captured (bounded), stdin
 * closed, a watchdog that kills the <em>whole process tree</em> when time is up. commons-exec's
 * own ExecuteWatchdog kills only the direct child, which would leave a grandchild (pwsh behind a
 * wrapper script that does not {@code exec}) running and holding our pipes open.
 */
final class WatchedRun {
    /** Environment every probe gets: a probe makes no network calls of its own. */
    static final Map<String, String> QUIET_ENV = Map.of(
            "POWERSHELL_TELEMETRY_OPTOUT", "1",
            "POWERSHELL_UPDATECHECK", "Off");

    private static final Logger LOG = LoggerFactory.getLogger(WatchedRun.class);
    private static final int MAX_CAPTURE = 64 * 1024;
    private static final Duration KILL_GRACE = Duration.ofSeconds(2);
    private static final Duration PUMP_STOP = Duration.ofSeconds(2);

    private WatchedRun() {
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    /**
     * Runs {@code executable args...} with the JVM's environment plus {@link #QUIET_ENV}.
     *
     * @throws PwshProbeException when it cannot start or does not finish within {@code timeout}
     */
    static Result run(Path executable, List<String> args, Duration timeout) {
        CommandLine command = new CommandLine(executable.toString());
        // handleQuoting=false: arguments go to the process exactly as given.
        args.forEach(a -> command.addArgument(a, false));
        BoundedBuffer out = new BoundedBuffer();
        BoundedBuffer err = new BoundedBuffer();
        PumpStreamHandler streams = new PumpStreamHandler(out, err); // no input: stdin is closed
        streams.setStopTimeout(PUMP_STOP);

        AtomicBoolean timedOut = new AtomicBoolean();
        CountDownLatch killed = new CountDownLatch(1);
        AtomicReference<Watchdog> watchdog = new AtomicReference<>();
        DefaultExecutor executor = DefaultExecutor.builder().setExecuteStreamHandler(streams).get();
        executor.setExitValues(null); // every exit code is an answer; the caller judges it
        // The executor hands the started Process to its ProcessDestroyer: that is where we learn
        // it and arm the watchdog. (No shutdown hook, unlike commons-exec's own destroyer.)
        executor.setProcessDestroyer(new ProcessDestroyer() {
            @Override
            public boolean add(Process process) {
                Watchdog dog = Watchdog.builder()
                        .setTimeout(timeout)
                        .setThreadFactory(r -> {
                            Thread t = new Thread(r, "exo-bridge-pwsh-probe-watchdog");
                            t.setDaemon(true);
                            return t;
                        })
                        .get();
                dog.addTimeoutObserver(w -> {
                    timedOut.set(true);
                    LOG.debug("{} did not finish within {}; killing its process tree", executable, timeout);
                    try {
                        ProcessTree.destroy(process.toHandle(), KILL_GRACE);
                    } finally {
                        killed.countDown();
                    }
                });
                watchdog.set(dog);
                dog.start();
                return true;
            }

            @Override
            public boolean remove(Process process) {
                return true;
            }

            @Override
            public int size() {
                return 0;
            }
        });

        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(QUIET_ENV);
        int exit;
        try {
            exit = executor.execute(command, env);
        } catch (IOException e) {
            if (timedOut.get()) {
                awaitKill(killed);
                throw timeout(executable, timeout, err);
            }
            throw new PwshProbeException(executable, "Cannot run " + executable + ": " + e.getMessage(), e);
        } finally {
            Watchdog dog = watchdog.get();
            if (dog != null) {
                dog.stop();
            }
        }
        if (timedOut.get()) {
            awaitKill(killed);
            throw timeout(executable, timeout, err);
        }
        return new Result(exit, out.text(), err.text());
    }

    // The root may die at once while the watchdog is still ending its descendants: report the
    // timeout only when the whole tree is gone, so callers never see leftovers.
    private static void awaitKill(CountDownLatch killed) {
        try {
            killed.await(KILL_GRACE.plus(ProcessTree.FORCED_WAIT).toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static PwshProbeException timeout(Path executable, Duration timeout, BoundedBuffer err) {
        String stderr = err.text().strip();
        return new PwshProbeException(executable,
                executable + " did not answer within " + human(timeout) + " and was killed (with its child processes)"
                        + (stderr.isEmpty() ? "" : "; stderr: " + stderr), null);
    }

    static String human(Duration d) {
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + " s";
        }
        return d.toMillis() + " ms";
    }

    /** Keeps the first {@link #MAX_CAPTURE} bytes: a probe that floods output cannot fill the heap. */
    private static final class BoundedBuffer extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (bytes.size() < MAX_CAPTURE) {
                bytes.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = MAX_CAPTURE - bytes.size();
            if (room > 0) {
                bytes.write(b, off, Math.min(room, len));
            }
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
