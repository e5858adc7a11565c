package dev.exobridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.ResultStream;
import dev.exobridge.session.SessionOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * exo-bridge: one session (default options, or with the fast serialiser on), warmed with a small
 * run of the same producer (large enough, with the fast serialiser, that the warm-up compiles or
 * loads it); the timed run streams the objects and calls {@code json()} on every one, from the
 * call to the last object. CPU: this JVM's and the session's pwsh's, over the same span.
 */
final class ExoObjects implements ObjectsContender {
    private final Path pwsh;
    private final Integer depth;
    private final boolean fastSerializer;
    private PwshSession session;

    ExoObjects(Path pwsh, Integer depth, boolean fastSerializer) {
        this.pwsh = pwsh;
        this.depth = depth;
        this.fastSerializer = fastSerializer;
    }

    @Override
    public String name() {
        return (depth == null ? "exo-bridge" : "exo-bridge (depth " + depth + ")") + (fastSerializer ? ", fast serialiser" : "");
    }

    @Override
    public ObjectsRun run(int objects) {
        if (session == null) {
            session = PwshSession.start(SessionOptions.builder().pwsh(pwsh).fastSerializer(fastSerializer).build());
            stream(fastSerializer ? 2000 : 1000);
        }
        List<Long> pwshPid = List.of(session.pid());
        double cpuBefore = Usage.jvmCpuSeconds() + Usage.cpuSeconds(pwshPid);
        long start = System.nanoTime();
        String manager = stream(objects);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = Usage.jvmCpuSeconds() + Usage.cpuSeconds(pwshPid) - cpuBefore;
        return new ObjectsRun(seconds, cpu, manager);
    }

    private String stream(int objects) {
        Invocation.Builder call = Invocation.script(Producers.of(Producers.TEN_PROPERTIES, objects));
        if (depth != null) {
            call.depth(depth);
        }
        long count = 0;
        String manager = null;
        try (ResultStream results = session.stream(call.build())) {
            while (results.hasNext()) {
                JsonNode json = results.next().json();
                if (count++ == 0) {
                    manager = ObjectCheck.firstOfTen(json);
                }
            }
        }
        if (count != objects) {
            throw new ContenderFailure("streamed " + count + " objects, not " + objects);
        }
        return manager;
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
    }
}
