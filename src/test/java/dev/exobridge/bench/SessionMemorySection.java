package dev.exobridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.ResultStream;
import dev.exobridge.session.SessionOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Section 6, memory per session: the resident memory (RSS) of a session's pwsh, idle and warm,
 * then after one call returning the objects of section 2, for exo-bridge with the GC settings it
 * ships, for exo-bridge with .NET's default gen0 budget (what {@code DOTNET_GCgen0size} trades),
 * and for the server process of PowerShell's own client ({@code scripts/bench/official-memory.ps1},
 * same producer, same environment).
 */
final class SessionMemorySection implements Section {
    @Override
    public String key() {
        return "rss";
    }

    @Override
    public SectionReport run(BenchContext context) {
        BenchOptions o = context.options;
        SectionReport report = new SectionReport(String.format(Locale.ROOT,
                "6. Memory per session: pwsh resident memory, idle and after %,d objects of 10 properties",
                o.rssObjects), "contender", "idle warm MiB", "after the call MiB", "call s");
        String shipped = "exo-bridge (" + ProcessRunner.CHILD_ENVIRONMENT.getOrDefault("DOTNET_GCgen0size",
                "inherited GC settings") + ")";
        measureExo(context, report, shipped, SessionOptions.builder().pwsh(context.pwsh()).build(), o.rssObjects);
        measureExo(context, report, "exo-bridge, DOTNET_GCgen0size unset (.NET default)",
                SessionOptions.builder().pwsh(context.pwsh()).environment("DOTNET_GCgen0size", "").build(),
                o.rssObjects);
        String official = "official client's server pwsh";
        try {
            context.progress("official client, %,d objects", o.rssObjects);
            JsonNode line = ProcessRunner.run(List.of(context.pwsh().toString(), "-NoLogo", "-NoProfile", "-File",
                    o.officialMemory.toString(), "-Objects", String.valueOf(o.rssObjects), "-Producer",
                    Producers.TEN_PROPERTIES), Duration.ofSeconds(300 + o.rssObjects / 100)).requireSuccess().jsonLine();
            double idle = line.path("idle_rss_mib").asDouble();
            double after = line.path("after_rss_mib").asDouble();
            report.table().row(official, Usage.format(idle), Usage.format(after), "-");
            report.contender(official).put("idle_rss_mib", idle).put("after_rss_mib", after)
                    .put("client_rss_mib", line.path("client_rss_mib").asDouble());
        } catch (RuntimeException e) {
            report.failed(official, ContenderFailure.reason(e));
        }
        report.note("Every session warmed with 100 calls of '1' and 1,000 of the objects; RSS is VmRSS of the"
                + " pwsh process (exo-bridge) or WorkingSet64 of the server process (official client, the same"
                + " figure on Linux). The official client's own client pwsh holds the deserialised objects"
                + " and is not counted.");
        return report;
    }

    private static void measureExo(BenchContext context, SectionReport report, String name, SessionOptions options,
                                   int objects) {
        context.progress("%s, %,d objects", name, objects);
        try (PwshSession session = PwshSession.start(options)) {
            for (int i = 0; i < 100; i++) {
                session.invoke("1");
            }
            stream(session, 1000);
            double idle = Usage.residentMiB(session.pid());
            long start = System.nanoTime();
            stream(session, objects);
            double seconds = (System.nanoTime() - start) / 1e9;
            double after = Usage.residentMiB(session.pid());
            report.table().row(name, Usage.format(idle), Usage.format(after),
                    String.format(Locale.ROOT, "%.2f", seconds));
            report.contender(name).put("idle_rss_mib", idle).put("after_rss_mib", after).put("call_seconds", seconds);
        } catch (RuntimeException e) {
            report.failed(name, ContenderFailure.reason(e));
        }
    }

    private static void stream(PwshSession session, int objects) {
        long count = 0;
        try (ResultStream results = session.stream(
                Invocation.script(Producers.of(Producers.TEN_PROPERTIES, objects)).build())) {
            while (results.hasNext()) {
                results.next().json();
                count++;
            }
        }
        if (count != objects) {
            throw new ContenderFailure("streamed " + count + " objects, not " + objects);
        }
    }

    static Path defaultScript() {
        return Path.of("scripts/bench/official-memory.ps1");
    }
}
