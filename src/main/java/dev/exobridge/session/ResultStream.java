package dev.exobridge.session;

import dev.exobridge.json.ResultObject;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The output of one call, object by object as it arrives. The reader waits while the consumer
 * is behind (a bounded buffer), so memory stays bounded whatever the result size. Iteration ends
 * when the pipeline completes; it throws the call's failure ({@link PowerShellErrorException},
 * {@link InvocationTimeoutException}, {@link SessionDeadException}, {@link HostPromptException}).
 * {@link #close()} before the end stops the pipeline. Not thread-safe: one consumer.
 */
public interface ResultStream extends Iterator<ResultObject>, AutoCloseable {

    /**
     * Errors and stream records so far; after the end, all of them. Its output list is empty:
     * the objects went to the consumer.
     */
    InvocationResult summary();

    /**
     * Asks pwsh to stop the pipeline (its {@code finally} blocks run), from any thread, without
     * waiting: the consumer then sees the call end as stopped (a {@link SessionException}).
     * For a signal handler; the consumer's own way is {@link #close()}. Default: unsupported.
     */
    default void requestStop() {
        throw new UnsupportedOperationException("this stream cannot be stopped from another thread");
    }

    /** Stops the pipeline if it still runs and releases the call. Idempotent. */
    @Override
    void close();

    /** The remaining objects as a sequential Java stream; closing it closes this. */
    default Stream<ResultObject> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(this::close);
    }
}
