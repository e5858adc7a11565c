package dev.exobridge.session;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The death of one session, a once-only transition: whichever thread gets there first (the
 * reader, a caller, close or kill) builds the record, with pwsh's exit code and the tail of its
 * stderr; later ones wait for it and return that record, so every caller sees the same death,
 * fully built. The death then ends what a dead pwsh left ({@link Leftovers}) and fails the channel
 * and every pipeline with it. Thread-safe.
 */
final class SessionDeath {
    // The session's own logger: a death is part of the session's story in the logs.
    private static final Logger LOG = LoggerFactory.getLogger(PwshSession.class);

    private final String name;
    private final Process process;
    private final PacketChannel channel;
    private final Pipelines pipelines;
    private final Leftovers leftovers;
    private final Object lock = new Object();
    private volatile SessionDeadException record;

    SessionDeath(String name, Process process, PacketChannel channel, Pipelines pipelines, Leftovers leftovers) {
        this.name = name;
        this.process = process;
        this.channel = channel;
        this.pipelines = pipelines;
        this.leftovers = leftovers;
    }

    /** The failure that ended the session, or {@code null} while it lives. */
    SessionDeadException record() {
        return record;
    }

    /**
     * The session dies (unless it already did: then that record).
     *
     * @param closing whether the session is being closed (the death is then not news for the log)
     */
    SessionDeadException mark(String what, Throwable cause, boolean closing) {
        SessionDeadException d;
        synchronized (lock) {
            if (record != null) {
                return record;
            }
            Integer exit = exitsWithin(Duration.ofSeconds(1)) ? process.exitValue() : null;
            d = new SessionDeadException(what, exit, channel.finalStderrTail(Duration.ofMillis(500)), cause);
            record = d;
        }
        if (!process.isAlive()) {
            leftovers.clean(); // pwsh died (say, kill -9 from outside): end what it left running
        }
        channel.fail(d);
        pipelines.failAll(d);
        if (!closing) {
            LOG.info("{}: {}", name, d.getMessage());
        }
        return d;
    }

    /**
     * The failure to report for a transport error {@code cause}: the session's death when it died
     * or is dying, else a plain {@link SessionException}.
     */
    SessionException failure(String what, Throwable cause, boolean closing) {
        SessionDeadException d = record;
        if (d != null) {
            return d;
        }
        if (!process.isAlive() || channel.failed() && exitsWithin(Duration.ofSeconds(1))) {
            // The channel fails as soon as pwsh's output ends, a moment before the JVM sees the
            // process exit: a caller then still gets the session's death, never a bare transport error.
            return mark("pwsh " + name + " died", cause, closing);
        }
        return new SessionException(what + ": " + cause.getMessage(), cause);
    }

    private boolean exitsWithin(Duration wait) {
        try {
            return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
