package dev.exobridge.session;

import dev.exobridge.psrp.Message;
import dev.exobridge.psrp.PsrpMessages;
import dev.exobridge.psrp.clixml.PsValue;
import dev.exobridge.psrp.clixml.SecureStringCipher;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * What a call's consumer ({@link CallCursor}, {@link FastLane}, {@link OutputBatch#takeUnsent})
 * may do with the session's pipelines, instead of holding the whole session. Implemented by
 * {@link Pipelines}. Every send may block up to its timeout for an acknowledgement.
 */
interface PipelineIo {
    /** A new pipeline's inbox, known to the reader from now on (failed at once if the session is dead). */
    PipelineInbox open(UUID pid);

    /** Command and its ack, then CREATE_PIPELINE for these commands. */
    void create(UUID pid, List<PsrpMessages.Command> commands, boolean noInput, Duration timeout)
            throws IOException, TimeoutException;

    /** One PIPELINE_INPUT. */
    void input(UUID pid, Object value, Duration timeout) throws IOException, TimeoutException;

    /** END_OF_PIPELINE_INPUT. */
    void endInput(UUID pid, Duration timeout) throws IOException, TimeoutException;

    /** Sends Stop (a Signal) and waits for its acknowledgement, which pwsh sends once Stop has run. */
    void stop(UUID pid, Duration timeout) throws IOException, TimeoutException;

    /** A host response for a host call of this pipeline. */
    void respond(UUID pid, Message response) throws IOException, TimeoutException;

    /** Forgets a finished pipeline here, and with {@code sendClose} in pwsh too. */
    void close(PipelineInbox inbox, boolean sendClose);

    /** A message's value, SecureStrings decrypted; pwsh sends {@code $null} output as an empty body. */
    PsValue read(Message m);

    /** The session's SecureString cipher (the key exchange runs on first use). */
    SecureStringCipher cipher();

    /** The runspace pool's id, for the messages a consumer builds. */
    UUID poolId();

    // The two session-level verbs a consumer needs when its pipeline breaks the session.

    /** Whether the session's process and transport still work. */
    boolean isAlive();

    /** The failure to report for {@code cause}: the session's death when it died, else a plain failure. */
    SessionException failure(String what, Throwable cause);

    /** Kills the session (a pipeline that cannot be stopped, garbage from pwsh). */
    void kill();
}
