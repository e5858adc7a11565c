package dev.exobridge.psrp;

import dev.exobridge.psrp.clixml.PsValue;
import java.util.Objects;

/**
 * A state a runspace pool or pipeline reports, with its reason.
 *
 * @param state  the new state
 * @param reason the error record that explains it (a broken pool, a failed pipeline), as sent,
 *               or {@code null} when pwsh gave none
 * @param <S>    {@link RunspacePoolState} or {@link PipelineState}
 */
public record StateChange<S extends Enum<S>>(S state, PsValue reason) {
    public StateChange {
        Objects.requireNonNull(state, "state");
    }
}
