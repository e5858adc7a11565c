package dev.exobridge.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.exobridge.json.PsJsonMapper;
import dev.exobridge.psrp.Message;
import dev.exobridge.psrp.RunspacePoolState;
import dev.exobridge.psrp.ServerMessages;
import dev.exobridge.psrp.StateChange;
import dev.exobridge.psrp.clixml.CliXmlReader;
import dev.exobridge.psrp.clixml.PsValue;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages for the runspace pool itself (those without a pipeline): its state (opened,
 * broken), the server's PSVersionTable, and the key exchange's. Runs on the reader thread only;
 * what it learns is read by callers through {@link #opened()} and {@link #versionTable()}.
 */
final class RunspacePoolHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RunspacePoolHandler.class);

    private final String name;
    private final PsJsonMapper mapper;
    private final RecordDecoder records;
    private final KeyExchange keys;
    private final BiConsumer<String, Throwable> broken;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private volatile JsonNode versionTable = NullNode.getInstance();

    /**
     * @param broken called with what happened when pwsh reports the pool as broken (the session dies)
     */
    RunspacePoolHandler(String name, PsJsonMapper mapper, RecordDecoder records, KeyExchange keys,
                        BiConsumer<String, Throwable> broken) {
        this.name = name;
        this.mapper = mapper;
        this.records = records;
        this.keys = keys;
        this.broken = broken;
    }

    /** Completes when the pool is opened; fails when it broke or the session died first. */
    CompletableFuture<Void> opened() {
        return opened;
    }

    /** The server's {@code $PSVersionTable} as JSON, or JSON null until (or unless) it came. */
    JsonNode versionTable() {
        return versionTable;
    }

    /** One message for the pool. */
    void handle(Message m) {
        switch (m.type()) {
            case APPLICATION_PRIVATE_DATA -> {
                PsValue table = ServerMessages.versionTable(read(m));
                if (table != null) {
                    versionTable = mapper.toJson(table);
                }
            }
            case SESSION_CAPABILITY, RUNSPACE_AVAILABILITY, USER_EVENT -> {
            }
            case RUNSPACEPOOL_STATE -> state(RunspacePoolState.decode(read(m)));
            case ENCRYPTED_SESSION_KEY -> keys.accept(read(m));
            case PUBLIC_KEY_REQUEST -> keys.requested();
            case RUNSPACEPOOL_HOST_CALL -> LOG.debug("{}: ignoring a runspace-pool host call", name);
            case PIPELINE_STATE -> LOG.debug("{}: pipeline state for the pool: {}", name, m.body());
            default -> LOG.debug("{}: unexpected {} for the pool", name, m.type());
        }
    }

    private static PsValue read(Message m) {
        // Pool messages carry no SecureStrings: no cipher, so none can start a key exchange here.
        return new CliXmlReader(null).read(m.body());
    }

    private void state(StateChange<RunspacePoolState> change) {
        switch (change.state()) {
            case OPENED -> opened.complete(null);
            case BROKEN -> {
                String why = change.reason() != null ? records.error(change.reason()).message() : "no reason given";
                SessionException e = new SessionException("pwsh reports its runspace pool as broken: " + why);
                opened.completeExceptionally(e);
                broken.accept("the runspace pool broke: " + why, e);
            }
            default -> LOG.debug("{}: runspace pool {}", name, change.state());
        }
    }
}
