package dev.exobridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.ResultStream;
import dev.exobridge.session.SessionOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;

/**
 * Child-JVM main of section 5 (run by {@link MemorySection} under a small {@code -Xmx}): streams
 * many small objects through one exo-bridge session, calling {@code json()} on each, and prints
 * one JSON line: count, seconds and peak heap. Peak heap is measured two ways: the highest total
 * of used heap seen by a sampler every 5 ms, and the sum of each heap pool's own peak (an upper
 * bound, as the pools peak at different moments), both from just before the call.
 *
 * <p>{@code java -Xmx64m -cp ... dev.exobridge.bench.StreamMillion <pwsh> <objects>}
 */
public final class StreamMillion {
    private StreamMillion() {
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        ObjectMapper json = new ObjectMapper();
        ObjectNode line = json.createObjectNode();
        int status = 0;
        try {
            Path pwsh = Path.of(args[0]);
            int objects = Integer.parseInt(args[1]);
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).toList();
            try (PwshSession session = PwshSession.start(SessionOptions.builder().pwsh(pwsh).build())) {
                session.invoke("1");
                System.gc();
                heap.forEach(MemoryPoolMXBean::resetPeakUsage);
                HeapSampler sampler = new HeapSampler(heap);
                long start = System.nanoTime();
                long count = 0;
                Invocation call = Invocation.script(Producers.of(Producers.TWO_PROPERTIES, objects)).build();
                try (ResultStream results = session.stream(call)) {
                    while (results.hasNext()) {
                        JsonNode object = results.next().json();
                        if (object.path("Id").asLong() != ++count) {
                            String text = object.toString();
                            throw new IllegalStateException("object " + count + " arrived wrong or out of order: "
                                    + (text.length() > 120 ? text.substring(0, 117) + "..." : text));
                        }
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long sampledPeak = sampler.stop();
                long poolPeaks = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
                line.put("objects", count);
                line.put("expected", objects);
                line.put("seconds", seconds);
                line.put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1048576.0);
                line.put("peak_heap_sampled_mb", sampledPeak / 1048576.0);
                line.put("peak_heap_pools_sum_mb", poolPeaks / 1048576.0);
            }
        } catch (Exception | Error e) { // OutOfMemoryError included: that is the failure to report
            line.removeAll();
            line.put("error", ContenderFailure.reason(e));
            status = 1;
        }
        System.out.println(line);
        System.exit(status);
    }

    /** Samples the total of used heap on a daemon thread and keeps the highest. */
    private static final class HeapSampler {
        private final List<MemoryPoolMXBean> heap;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long max;

        HeapSampler(List<MemoryPoolMXBean> heap) {
            this.heap = heap;
            this.thread = new Thread(this::sample, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        private void sample() {
            while (running) {
                max = Math.max(max, heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join();
            return max;
        }
    }
}
