package dev.exobridge.session;

import dev.exobridge.psrp.Message;
import dev.exobridge.psrp.MessageType;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One pipeline's inbox: its messages between the reader thread and the call's consumer, in a
 * bounded buffer, so a slow consumer slows the reader (back-pressure) and memory stays bounded.
 * The final PIPELINE_STATE and a failure are always accepted, whatever the buffer holds.
 * Thread-safe: one producer (the reader), one consumer.
 */
final class PipelineInbox {
    /**
     * Characters of message bodies the buffer holds before the reader waits, whatever the
     * message count: one batch of output can carry hundreds of objects.
     */
    static final long MAX_BUFFERED_CHARS = 4L << 20;
    final UUID id;
    private final int capacity;
    private long bufferedChars;
    private final ArrayDeque<Message> buffer = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private boolean discarding;
    private Throwable failure;

    PipelineInbox(UUID id, int capacity) {
        this.id = id;
        this.capacity = capacity;
    }

    /** Called by the reader thread; waits while the buffer is full. */
    void offer(Message m) {
        lock.lock();
        try {
            boolean terminal = m.type() == MessageType.PIPELINE_STATE;
            while (!terminal && !discarding && failure == null
                    && (buffer.size() >= capacity || bufferedChars >= MAX_BUFFERED_CHARS)) {
                notFull.awaitUninterruptibly();
            }
            if (discarding && !terminal && m.type() == MessageType.PIPELINE_OUTPUT) {
                return;
            }
            buffer.addLast(m);
            bufferedChars += m.body().length();
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The session died or broke: the consumer gets {@code cause} once the buffer is empty. */
    void fail(Throwable cause) {
        lock.lock();
        try {
            if (failure == null) {
                failure = cause;
            }
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** From now on output is dropped and the reader never waits on this run. */
    void discard() {
        lock.lock();
        try {
            discarding = true;
            buffer.removeIf(m -> m.type() == MessageType.PIPELINE_OUTPUT);
            bufferedChars = buffer.stream().mapToLong(m -> m.body().length()).sum();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next message; waits until {@code deadlineNanos} ({@link System#nanoTime()} based,
     * {@link Long#MAX_VALUE} for none).
     *
     * @throws TimeoutException at the deadline
     * @throws Failed           when the session failed and no message is left
     */
    Message take(long deadlineNanos) throws TimeoutException {
        lock.lock();
        try {
            while (buffer.isEmpty()) {
                if (failure != null) {
                    throw new Failed(failure);
                }
                if (deadlineNanos == Long.MAX_VALUE) {
                    notEmpty.awaitUninterruptibly();
                } else {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        throw new TimeoutException();
                    }
                    try {
                        notEmpty.awaitNanos(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new Failed(e);
                    }
                }
            }
            Message m = buffer.removeFirst();
            bufferedChars -= m.body().length();
            notFull.signal();
            return m;
        } finally {
            lock.unlock();
        }
    }

    /** Carries the session's failure to the consumer. */
    static final class Failed extends RuntimeException {
        Failed(Throwable cause) {
            super(cause);
        }
    }
}
