package dev.exobridge.session;

import dev.exobridge.json.PsJsonMapper;
import java.time.Duration;

/**
 * What every call of one session shares: its pipeline I/O, how records and output are decoded,
 * who answers prompts, and how long a Stop may take.
 */
record CallContext(PipelineIo io, PsJsonMapper mapper, RecordDecoder records, HostCalls hostCalls,
                   Duration stopGrace) {
}
