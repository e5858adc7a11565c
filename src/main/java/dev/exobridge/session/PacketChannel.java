package dev.exobridge.session;

import dev.exobridge.psrp.Defragmenter;
import dev.exobridge.psrp.Fragment;
import dev.exobridge.psrp.Fragmenter;
import dev.exobridge.psrp.Message;
import dev.exobridge.psrp.Packet;
import dev.exobridge.psrp.ProtocolException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The out-of-process transport over one pwsh's stdin and stdout: writes packets, waits for their
 * acknowledgements (a packet sent before the previous one's acknowledgement is dropped by pwsh),
 * reads packets on its own thread, reassembles messages and hands them on. Keeps the last lines
 * pwsh wrote to stderr for error messages.
 */
final class PacketChannel {
    private static final Logger LOG = LoggerFactory.getLogger(PacketChannel.class);
    private static final int STDERR_LINES = 20;

    private final Process process;
    private final String name;
    private final Consumer<Message> onMessage;
    private final Consumer<Throwable> onFailure;
    private final BufferedWriter out;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Fragmenter fragmenter = new Fragmenter();
    private final Defragmenter defragmenter = new Defragmenter();
    private final Map<String, CompletableFuture<Void>> ackWaiters = new ConcurrentHashMap<>();
    private final Map<UUID, ReentrantLock> dataLocks = new ConcurrentHashMap<>();
    /** The DataAck each target still owes for its last Data packet; the next one waits for it. */
    private final Map<UUID, CompletableFuture<Void>> unacked = new ConcurrentHashMap<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private volatile Throwable failure;
    private volatile Thread stderrThread;
    private final Transcript transcript;

    PacketChannel(Process process, String name, Consumer<Message> onMessage, Consumer<Throwable> onFailure,
                  Transcript transcript) {
        this.transcript = transcript;
        this.process = process;
        this.name = name;
        this.onMessage = onMessage;
        this.onFailure = onFailure;
        this.out = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), 65536);
    }

    /** Starts the stdout reader and the stderr drainer threads. */
    void start() {
        Thread reader = new Thread(this::readLoop, name + "-reader");
        reader.setDaemon(true);
        reader.start();
        stderrThread = new Thread(this::stderrLoop, name + "-stderr");
        stderrThread.setDaemon(true);
        stderrThread.start();
    }

    /**
     * The last stderr lines once pwsh has exited: waits briefly for the drainer to read what the
     * process wrote just before it died, so error messages carry its last words.
     */
    List<String> finalStderrTail(Duration wait) {
        Thread t = stderrThread;
        if (t != null && !process.isAlive()) {
            try {
                t.join(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return stderrTail();
    }

    /** The last lines pwsh wrote to stderr, oldest first. */
    List<String> stderrTail() {
        synchronized (stderrTail) {
            return new ArrayList<>(stderrTail);
        }
    }

    /** Writes one packet without waiting for anything. */
    void send(Packet p) throws IOException {
        checkAlive();
        writeLock.lock();
        try {
            String line = p.format();
            out.write(line);
            out.write('\n');
            out.flush();
            if (transcript != null) {
                transcript.sent(line);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Writes a control packet and waits for its acknowledgement.
     *
     * @throws TimeoutException when the acknowledgement does not come within {@code timeout}
     */
    void sendAndAwait(Packet p, Packet.Kind ack, Duration timeout) throws IOException, TimeoutException {
        CompletableFuture<Void> f = expect(p.guid(), ack);
        try {
            send(p);
            await(f, timeout, ack + " for " + p.kind() + " " + p.guid());
        } finally {
            ackWaiters.remove(key(p.guid(), ack), f);
        }
    }

    /**
     * Sends messages for one target (the pool or a pipeline) as Data packets, each after the
     * previous one's DataAck, as the protocol asks. The last packet's DataAck is not waited for
     * here but by the next send to the same target: a call's input is on its way at once, and
     * its caller goes straight to reading the output instead of waking for the ack first.
     */
    void sendData(UUID guid, String stream, Duration timeout, Message... messages) throws IOException, TimeoutException {
        ReentrantLock lock = dataLocks.computeIfAbsent(guid, g -> new ReentrantLock());
        lock.lock();
        try {
            CompletableFuture<Void> owed = unacked.remove(guid);
            if (owed != null) {
                try {
                    await(owed, timeout, Packet.Kind.DataAck + " for Data " + guid);
                } finally {
                    ackWaiters.remove(key(guid, Packet.Kind.DataAck), owed);
                }
            }
            List<byte[]> payloads = fragmenterPayloads(messages);
            for (int i = 0; i < payloads.size(); i++) {
                Packet p = new Packet(Packet.Kind.Data, guid, stream, payloads.get(i));
                if (i < payloads.size() - 1) {
                    sendAndAwait(p, Packet.Kind.DataAck, timeout);
                } else {
                    CompletableFuture<Void> f = expect(guid, Packet.Kind.DataAck);
                    try {
                        send(p);
                    } catch (IOException | RuntimeException e) {
                        ackWaiters.remove(key(guid, Packet.Kind.DataAck), f);
                        throw e;
                    }
                    unacked.put(guid, f);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private List<byte[]> fragmenterPayloads(Message... messages) {
        // Object ids must rise in the order messages are written, so cut under the write lock.
        writeLock.lock();
        try {
            return fragmenter.payloads(messages);
        } finally {
            writeLock.unlock();
        }
    }

    /** Forgets the per-pipeline lock and any ack still owed once a pipeline is done. */
    void forget(UUID guid) {
        dataLocks.remove(guid);
        CompletableFuture<Void> owed = unacked.remove(guid);
        if (owed != null) {
            ackWaiters.remove(key(guid, Packet.Kind.DataAck), owed);
        }
    }

    /** Fails every waiter; later sends fail at once. */
    void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        ackWaiters.values().forEach(f -> f.completeExceptionally(cause));
        ackWaiters.clear();
    }

    /** Closes our end of stdin: pwsh exits when it reads end of file. */
    void closeInput() {
        writeLock.lock();
        try {
            out.close();
        } catch (IOException e) {
            LOG.debug("{}: closing stdin: {}", name, e.toString());
        } finally {
            writeLock.unlock();
        }
    }

    private CompletableFuture<Void> expect(UUID guid, Packet.Kind ack) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (ackWaiters.putIfAbsent(key(guid, ack), f) != null) {
            throw new IllegalStateException("already waiting for " + ack + " on " + guid);
        }
        Throwable t = failure;
        if (t != null) {
            f.completeExceptionally(t);
        }
        return f;
    }

    private void await(CompletableFuture<Void> f, Duration timeout, String what) throws IOException, TimeoutException {
        try {
            f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + what, e);
        } catch (ExecutionException e) {
            throw new IOException("pwsh is gone while waiting for " + what, e.getCause());
        } catch (TimeoutException e) {
            throw new TimeoutException("pwsh did not send " + what + " within " + timeout);
        }
    }

    /** Whether the channel failed: pwsh's output ended or broke the protocol. */
    boolean failed() {
        return failure != null;
    }

    private void checkAlive() throws IOException {
        Throwable t = failure;
        if (t != null) {
            throw new IOException("the session's transport has failed: " + t.getMessage(), t);
        }
    }

    private static String key(UUID guid, Packet.Kind kind) {
        return kind.name() + guid;
    }

    private void readLoop() {
        Throwable cause = null;
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                if (transcript != null) {
                    transcript.received(line);
                }
                handle(Packet.parse(line));
            }
            cause = new IOException("pwsh closed its output");
        } catch (ProtocolException e) {
            cause = e;
        } catch (IOException e) {
            cause = failure != null ? failure : e;
        } catch (RuntimeException | Error e) {
            LOG.error("{}: reader failed", name, e);
            cause = e;
        }
        fail(cause);
        if (transcript != null) {
            transcript.close();
        }
        onFailure.accept(cause);
    }

    private void handle(Packet p) {
        if (p.kind() == Packet.Kind.Data) {
            for (Fragment f : Fragment.parseAll(p.payload())) {
                byte[] whole = defragmenter.add(f);
                if (whole != null) {
                    onMessage.accept(Message.decode(whole));
                }
            }
            return;
        }
        CompletableFuture<Void> f = ackWaiters.remove(key(p.guid(), p.kind()));
        if (f != null) {
            f.complete(null);
        } else if (p.kind() != Packet.Kind.CloseAck && p.kind() != Packet.Kind.SignalAck) {
            LOG.debug("{}: {} that nobody waits for", name, p);
        }
    }

    private void stderrLoop() {
        try (BufferedReader err = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                LOG.debug("{} stderr: {}", name, line);
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_LINES) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line);
                }
            }
        } catch (IOException e) {
            LOG.trace("{}: stderr closed: {}", name, e.toString());
        }
    }
}
