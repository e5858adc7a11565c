package dev.exobridge.metrics;

import dev.exobridge.pool.PoolOptions;
import dev.exobridge.pool.SessionPool;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.SessionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Run by {@link WithoutMicrometerTest} in a JVM without Micrometer on its class path: loads and
 * initialises every class of the library but the metrics package, uses a pool (sync, async,
 * metrics, health), and shows that the binder alone needs Micrometer. Prints "ok" last.
 */
public final class WithoutMicrometer {
    public static void main(String[] args) throws Exception {
        Path classes = Path.of(args[0]);
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry");
            throw new IllegalStateException("Micrometer is on the class path; the test proves nothing");
        } catch (ClassNotFoundException expected) {
            // as it should be
        }
        int loaded = 0;
        try (Stream<Path> all = Files.walk(classes)) {
            List<Path> files = all.filter(p -> p.toString().endsWith(".class")).toList();
            for (Path f : files) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (name.startsWith("dev.exobridge.metrics.")) {
                    continue;
                }
                Class.forName(name, true, WithoutMicrometer.class.getClassLoader());
                loaded++;
            }
        }
        SessionOptions session = SessionOptions.builder().pwsh(Path.of(args[1])).build();
        try (SessionPool pool = SessionPool.start(PoolOptions.builder().session(session).sessions(1, 1).build())) {
            int a = pool.invoke("20 + 1").output().get(0).json().asInt();
            int b = pool.invokeAsync(Invocation.script("20 + 1").build()).get().output().get(0).json().asInt();
            if (a != 21 || b != 21 || !pool.health().up() || pool.metrics().calls() != 2) {
                throw new IllegalStateException(a + " " + b + " " + pool.health() + " " + pool.metrics());
            }
        }
        try {
            Class.forName("dev.exobridge.metrics.PoolMeterBinder", true, WithoutMicrometer.class.getClassLoader());
            throw new IllegalStateException("the binder loaded without Micrometer");
        } catch (NoClassDefFoundError expected) {
            // only the binder needs it
        }
        System.out.println("loaded " + loaded + " classes");
        System.out.println("ok");
    }
}
