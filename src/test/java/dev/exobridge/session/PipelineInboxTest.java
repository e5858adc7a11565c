package dev.exobridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.exobridge.psrp.Message;
import dev.exobridge.psrp.MessageType;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A pipeline's inbox between the reader thread and the consumer: back-pressure by count and by
 * characters, what is always accepted, discarding, failing. Ordered by thread states, not sleeps.
 */
class PipelineInboxTest {
    private static final UUID PID = UUID.randomUUID();
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    @Test
    void aFullInboxHoldsTheReaderUntilTheConsumerTakes() throws Exception {
        PipelineInbox inbox = new PipelineInbox(PID, 2);
        inbox.offer(output("1"));
        inbox.offer(output("2"));
        Thread reader = offerInBackground(inbox, output("3"));
        awaitBlocked(reader);
        assertThat(inbox.take(NO_DEADLINE).body()).isEqualTo("1");
        reader.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(reader.isAlive()).as("the reader went on once there was room").isFalse();
        assertThat(inbox.take(NO_DEADLINE).body()).isEqualTo("2");
        assertThat(inbox.take(NO_DEADLINE).body()).isEqualTo("3");
    }

    @Test
    void aFewLargeMessagesFillTheInboxLikeManySmallOnes() throws Exception {
        PipelineInbox inbox = new PipelineInbox(PID, 256);
        inbox.offer(output("x".repeat((int) PipelineInbox.MAX_BUFFERED_CHARS)));
        Thread reader = offerInBackground(inbox, output("small"));
        awaitBlocked(reader);
        assertThat(inbox.take(NO_DEADLINE).body()).hasSize((int) PipelineInbox.MAX_BUFFERED_CHARS);
        reader.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(reader.isAlive()).isFalse();
        assertThat(inbox.take(NO_DEADLINE).body()).isEqualTo("small");
    }

    @Test
    void theFinalStateIsAcceptedWhateverTheInboxHolds() throws Exception {
        PipelineInbox inbox = new PipelineInbox(PID, 1);
        inbox.offer(output("1"));
        inbox.offer(message(MessageType.PIPELINE_STATE, "final")); // would hang the test if it waited
        assertThat(inbox.take(NO_DEADLINE).body()).isEqualTo("1");
        assertThat(inbox.take(NO_DEADLINE).type()).isEqualTo(MessageType.PIPELINE_STATE);
    }

    @Test
    void discardingDropsOutputKeepsTheRestAndFreesTheReader() throws Exception {
        PipelineInbox inbox = new PipelineInbox(PID, 1);
        inbox.offer(output("1"));
        Thread reader = offerInBackground(inbox, message(MessageType.ERROR_RECORD, "err"));
        awaitBlocked(reader);
        inbox.discard();
        reader.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(reader.isAlive()).isFalse();
        inbox.offer(output("dropped"));
        inbox.offer(message(MessageType.PIPELINE_STATE, "final"));
        assertThat(inbox.take(NO_DEADLINE).type()).isEqualTo(MessageType.ERROR_RECORD);
        assertThat(inbox.take(NO_DEADLINE).type()).isEqualTo(MessageType.PIPELINE_STATE);
    }

    @Test
    void aFailureReachesTheConsumerOnceTheInboxIsEmpty() throws Exception {
        PipelineInbox inbox = new PipelineInbox(PID, 1);
        inbox.offer(output("1"));
        Thread reader = offerInBackground(inbox, output("2"));
        awaitBlocked(reader);
        SessionException death = new SessionException("gone");
        inbox.fail(death);
        reader.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(reader.isAlive()).as("a failure frees the reader").isFalse();
        assertThat(inbox.take(NO_DEADLINE).body()).isEqualTo("1");
        assertThat(inbox.take(NO_DEADLINE).body()).isEqualTo("2");
        assertThatThrownBy(() -> inbox.take(NO_DEADLINE)).isInstanceOf(PipelineInbox.Failed.class).hasCause(death);
    }

    @Test
    void takingWaitsUntilTheDeadlineAndNoLonger() {
        PipelineInbox inbox = new PipelineInbox(PID, 1);
        assertThatThrownBy(() -> inbox.take(System.nanoTime() + Duration.ofMillis(50).toNanos()))
                .isInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> inbox.take(System.nanoTime() - 1)).isInstanceOf(TimeoutException.class);
    }

    private static Thread offerInBackground(PipelineInbox inbox, Message m) {
        Thread t = new Thread(() -> inbox.offer(m), "test-reader");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits (bounded) until the thread waits inside the inbox. */
    private static void awaitBlocked(Thread t) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.WAITING && System.nanoTime() < until) {
            Thread.onSpinWait();
            Thread.sleep(1);
        }
        assertThat(t.getState()).as("the reader waits for room").isEqualTo(Thread.State.WAITING);
    }

    private static Message output(String body) {
        return message(MessageType.PIPELINE_OUTPUT, body);
    }

    private static Message message(MessageType type, String body) {
        return new Message(Message.Destination.CLIENT, type, UUID.randomUUID(), PID, body);
    }
}
