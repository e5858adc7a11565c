package dev.exobridge.cli;

import dev.exobridge.session.PendingPwsh;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.SessionOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run}'s pwsh, started on a thread of its own as soon as the JVM is up, so that pwsh's
 * start (about half a second) overlaps the rest of the command line's (parsing, class loading)
 * on a second core. Only for a plain {@code run}, found by a pre-scan of argv
 * ({@link #scan}): global options, {@code run} and the options that do not change how pwsh
 * starts. Anything else ({@code --help}, a connection, the simulator, an option it does not know)
 * and nothing is started early. The pre-scan decides nothing: picocli still parses argv, and
 * {@code run} still asks for its own session options ({@code --pwsh}, the settings file,
 * discovery); {@link PendingPwsh#open} uses the early process only when those launch the same
 * one, and starts another otherwise. {@link #discard} (at every exit of {@link Main#main}) ends
 * an early pwsh that {@code run} did not take, as after a usage error.
 */
final class EarlyPwsh {
    private static final Logger LOG = LoggerFactory.getLogger(EarlyPwsh.class);
    /** Options of run (and global ones) that take a value and do not change how pwsh starts. */
    private static final Set<String> WITH_VALUE = Set.of("-c", "--command", "-f", "--file", "-p", "--param",
            "--param-json", "--format", "--depth", "--timeout");
    /** Flags that do not change how pwsh starts. */
    private static final Set<String> FLAGS = Set.of("--with-types", "--fail-on-error", "--json", "--verbose",
            "--quiet", "-q", "--errors-as-json");

    private static CompletableFuture<PendingPwsh> pending;
    private static boolean discarded;

    private EarlyPwsh() {
    }

    /** The pre-scan's finding: a plain run, with the {@code --pwsh} it names (null: none). */
    record Scan(Path pwsh) {
    }

    /** A plain {@code run} in {@code args}, or null when pwsh must not start early. */
    static Scan scan(List<String> args) {
        Path pwsh = null;
        boolean seenRun = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!seenRun && a.equals("run")) {
                seenRun = true;
                continue;
            }
            if (seenRun && a.equals("--")) {
                break; // the script's arguments
            }
            String name = a.startsWith("--") && a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            boolean inline = !name.equals(a);
            if (name.equals("--pwsh")) {
                if (pwsh != null) {
                    return null; // given twice: picocli will say what it thinks of that
                }
                if (!inline && i + 1 >= args.size()) {
                    return null;
                }
                pwsh = Path.of(inline ? a.substring(a.indexOf('=') + 1) : args.get(++i));
            } else if (FLAGS.contains(a)) {
                continue;
            } else if (seenRun && WITH_VALUE.contains(name)) {
                if (!inline) {
                    i++;
                }
            } else if (!seenRun || a.startsWith("-")) {
                return null; // another command, --help, --version, a connection, the simulator, unknown
            }
        }
        return seenRun ? new Scan(pwsh) : null;
    }

    /** The launch options of run's own session ({@link RunCommand} makes the same). */
    static SessionOptions options(Path pwsh) {
        return RunCommand.launchOptions(ExoBridgeCommand.sessionOptions(pwsh).toBuilder()).build();
    }

    /** Starts run's pwsh on a thread of its own when {@code args} are a plain run (see {@link #scan}). */
    static synchronized void startFor(String[] args) {
        Scan scan = scan(List.of(args));
        if (scan == null || pending != null) {
            return;
        }
        CompletableFuture<PendingPwsh> f = new CompletableFuture<>();
        pending = f;
        Thread t = new Thread(() -> {
            try {
                PendingPwsh p = PwshSession.launch(options(scan.pwsh()));
                boolean late;
                synchronized (EarlyPwsh.class) {
                    late = discarded;
                }
                if (late) {
                    p.close();
                }
                f.complete(p);
            } catch (RuntimeException e) {
                // run starts its session the usual way and reports the failure itself
                LOG.debug("starting pwsh early failed: {}", e.toString());
                f.completeExceptionally(e);
            }
        }, "exo-bridge-early-pwsh");
        t.setDaemon(true);
        t.start();
    }

    /**
     * run's session: on the early pwsh when there is one (and it fits {@code options}), else
     * started as usual.
     */
    static PwshSession open(SessionOptions options) {
        CompletableFuture<PendingPwsh> f;
        synchronized (EarlyPwsh.class) {
            f = pending;
            pending = null;
        }
        PendingPwsh p = f == null ? null : f.exceptionally(e -> null).join();
        return p == null ? PwshSession.start(options) : p.open(options);
    }

    /** Ends an early pwsh that run did not take (waiting for its launch if it is under way). */
    static void discard() {
        CompletableFuture<PendingPwsh> f;
        synchronized (EarlyPwsh.class) {
            discarded = true;
            f = pending;
            pending = null;
        }
        if (f == null) {
            return;
        }
        try {
            PendingPwsh p = f.exceptionally(e -> null).get(30, TimeUnit.SECONDS);
            if (p != null) {
                p.close();
            }
        } catch (Exception e) {
            LOG.debug("ending the early pwsh: {}", e.toString());
        }
    }
}
