package dev.exobridge.session;

import dev.exobridge.psrp.Message;
import dev.exobridge.psrp.Packet;
import dev.exobridge.psrp.PsrpMessages;
import dev.exobridge.psrp.clixml.CliXmlReader;
import dev.exobridge.psrp.clixml.PsNull;
import dev.exobridge.psrp.clixml.PsValue;
import dev.exobridge.psrp.clixml.SecureStringCipher;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's pipelines: their inboxes (which the reader thread fills through {@link #deliver})
 * and what is sent for them. Thread-safe: the inboxes are in a concurrent map; sends are
 * serialised by the {@link PacketChannel}.
 */
final class Pipelines implements PipelineIo {
    private static final Logger LOG = LoggerFactory.getLogger(Pipelines.class);

    private final PacketChannel channel;
    private final UUID poolId;
    private final SecureStringCipher cipher;
    private final int capacity;
    /** The session, for its life and death (isAlive, failure, kill, deathCause). */
    private final PwshSession owner;
    private final Duration responseTimeout;
    private final Map<UUID, PipelineInbox> inboxes = new ConcurrentHashMap<>();

    Pipelines(PacketChannel channel, UUID poolId, SecureStringCipher cipher, SessionOptions options, PwshSession owner) {
        this.channel = channel;
        this.poolId = poolId;
        this.cipher = cipher;
        this.capacity = options.outputBuffer();
        this.responseTimeout = options.openTimeout();
        this.owner = owner;
    }

    /** On the reader thread: a message for pipeline {@code m.pipelineId()}. */
    void deliver(Message m) {
        PipelineInbox inbox = inboxes.get(m.pipelineId());
        if (inbox != null) {
            inbox.offer(m);
        } else {
            LOG.debug("{}: {} for a pipeline that is gone", owner, m.type());
        }
    }

    /** The session died: every inbox fails with {@code death} once it is empty. */
    void failAll(SessionDeadException death) {
        inboxes.values().forEach(i -> i.fail(death));
    }

    @Override
    public PipelineInbox open(UUID pid) {
        PipelineInbox inbox = new PipelineInbox(pid, capacity);
        inboxes.put(pid, inbox);
        // After the put: a death recorded before it is seen here, one after it fails the inbox in failAll.
        SessionDeadException death = owner.deathCause();
        if (death != null) {
            inbox.fail(death);
        }
        return inbox;
    }

    @Override
    public void create(UUID pid, List<PsrpMessages.Command> commands, boolean noInput, Duration timeout)
            throws IOException, TimeoutException {
        channel.sendAndAwait(Packet.control(Packet.Kind.Command, pid), Packet.Kind.CommandAck, timeout);
        channel.sendData(pid, Packet.DEFAULT_STREAM, timeout,
                PsrpMessages.createPipeline(poolId, pid, commands, noInput, cipher));
    }

    @Override
    public void input(UUID pid, Object value, Duration timeout) throws IOException, TimeoutException {
        channel.sendData(pid, Packet.DEFAULT_STREAM, timeout, PsrpMessages.pipelineInput(poolId, pid, value, cipher));
    }

    @Override
    public void endInput(UUID pid, Duration timeout) throws IOException, TimeoutException {
        channel.sendData(pid, Packet.DEFAULT_STREAM, timeout, PsrpMessages.endOfPipelineInput(poolId, pid));
    }

    @Override
    public void stop(UUID pid, Duration timeout) throws IOException, TimeoutException {
        channel.sendAndAwait(Packet.control(Packet.Kind.Signal, pid), Packet.Kind.SignalAck, timeout);
    }

    @Override
    public void respond(UUID pid, Message response) throws IOException, TimeoutException {
        channel.sendData(pid, Packet.PROMPT_RESPONSE_STREAM, responseTimeout, response);
    }

    @Override
    public void close(PipelineInbox inbox, boolean sendClose) {
        inboxes.remove(inbox.id);
        channel.forget(inbox.id);
        if (sendClose && owner.isAlive()) {
            try {
                channel.send(Packet.control(Packet.Kind.Close, inbox.id));
            } catch (IOException e) {
                LOG.debug("{}: closing pipeline {}: {}", owner, inbox.id, e.toString());
            }
        }
    }

    @Override
    public PsValue read(Message m) {
        return m.body().isEmpty() ? PsNull.INSTANCE : new CliXmlReader(cipher).read(m.body());
    }

    @Override
    public SecureStringCipher cipher() {
        return cipher;
    }

    @Override
    public UUID poolId() {
        return poolId;
    }

    @Override
    public boolean isAlive() {
        return owner.isAlive();
    }

    @Override
    public SessionException failure(String what, Throwable cause) {
        return owner.failure(what, cause);
    }

    @Override
    public void kill() {
        owner.kill();
    }

    @Override
    public String toString() {
        return owner.toString();
    }
}
