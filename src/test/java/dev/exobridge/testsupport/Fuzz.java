package dev.exobridge.testsupport;

import static org.assertj.core.api.Assertions.fail;

import dev.exobridge.psrp.ProtocolException;
import java.lang.management.ManagementFactory;
import java.nio.charset.CharacterCodingException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.xml.stream.XMLStreamException;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The rules every fuzz case of the codec is held to: it ends in a parse (checked by the caller)
 * or in a {@link ProtocolException} (CliXmlException included) whose causes are the parser's own
 * (XML or charset errors), never another exception; it ends within {@link #CASE_BOUND_SECONDS}
 * (a hang bound, not a speed check); and it allocates at most {@link #ALLOCATION_BASE} plus
 * {@link #ALLOCATION_FACTOR} bytes per input byte, so a declared length that is not backed by
 * bytes allocates nothing.
 *
 * <p>Case counts: each property's tries are its CI count times the scale in the system property
 * {@value #SCALE_PROPERTY} or the environment variable {@value #SCALE_ENV} (default 1);
 * {@code scripts/reliability.sh} runs the long form with scale 100.
 */
public final class Fuzz {
    /** System property multiplying every fuzz property's tries. */
    public static final String SCALE_PROPERTY = "exobridge.fuzz.scale";
    /** Environment variable doing the same when the property is unset. */
    public static final String SCALE_ENV = "EXOBRIDGE_FUZZ_SCALE";
    /** A case still running after this long counts as a hang. */
    public static final long CASE_BOUND_SECONDS = 30;
    /** Allocation allowed to every case whatever its size (XML reader buffers, exception traces). */
    public static final long ALLOCATION_BASE = 8L << 20;
    /** Allocation allowed per byte (or char) of input. */
    public static final long ALLOCATION_FACTOR = 64;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static ExecutorService worker = newWorker();

    private Fuzz() {
    }

    /** The multiplier of the tries, at least 1. */
    public static int scale() {
        String v = System.getProperty(SCALE_PROPERTY);
        if (v == null || v.isBlank()) {
            v = System.getenv(SCALE_ENV);
        }
        return v == null || v.isBlank() ? 1 : Math.max(1, Integer.parseInt(v.strip()));
    }

    /**
     * Put on a fuzz class with {@code @AddLifecycleHook(Fuzz.Scaled.class)}: multiplies the tries
     * of each property by {@link #scale()}.
     */
    public static final class Scaled implements AroundPropertyHook {
        /** Put on a class, a hook reaches its properties only when it says so. */
        @Override
        public net.jqwik.api.lifecycle.PropagationMode propagateTo() {
            return net.jqwik.api.lifecycle.PropagationMode.ALL_DESCENDANTS;
        }

        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            int base = context.attributes().tries().orElse(1000);
            if (base > 1) {
                // An @Example (one try) stays one.
                context.attributes().setTries(Math.multiplyExact(base, scale()));
            }
            return property.execute();
        }
    }

    /** What a suite's cases came to; printed once the property ends. */
    public static final class Tally {
        private final String name;
        private final AtomicLong parsed = new AtomicLong();
        private final AtomicLong refused = new AtomicLong();
        private final AtomicLong maxAllocated = new AtomicLong();
        private final AtomicLong inputBytes = new AtomicLong();

        public Tally(String name) {
            this.name = name;
        }

        /** Cases run so far. */
        public long cases() {
            return parsed.get() + refused.get();
        }

        /** Cases refused with a protocol error. */
        public long refused() {
            return refused.get();
        }

        /** One line of figures, for the test log and docs/reliability.md. */
        public String summary() {
            return String.format("fuzz %-22s %,9d cases: %,9d parsed, %,9d protocol errors, 0 other; "
                            + "input %,d bytes; largest allocation of one case %,d bytes",
                    name, cases(), parsed.get(), refused.get(), inputBytes.get(), maxAllocated.get());
        }

        /** Prints {@link #summary()} when cases ran, and starts over (jqwik may run a property again when shrinking). */
        public void printAndReset() {
            if (cases() == 0) {
                return;
            }
            System.out.println(summary());
            parsed.set(0);
            refused.set(0);
            maxAllocated.set(0);
            inputBytes.set(0);
        }
    }

    /**
     * Runs one case: {@code parse} on the worker thread, bounded in time and checked for its
     * allocation; a result goes to {@code check}, which asserts it is a correct parse.
     *
     * @param input      the case's input, shown when it fails
     * @param inputBytes its size, which bounds the allocation
     */
    public static <T> void run(Tally tally, Object input, long inputBytes, Callable<T> parse, Consumer<T> check) {
        Callable<Outcome<T>> measured = () -> {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            try {
                T value = parse.call();
                return new Outcome<>(value, null, THREADS.getCurrentThreadAllocatedBytes() - before);
            } catch (Throwable t) {
                return new Outcome<>(null, t, THREADS.getCurrentThreadAllocatedBytes() - before);
            }
        };
        Outcome<T> o = onWorker(measured, input);
        tally.inputBytes.addAndGet(inputBytes);
        tally.maxAllocated.accumulateAndGet(o.allocated, Math::max);
        long bound = ALLOCATION_BASE + ALLOCATION_FACTOR * inputBytes;
        if (o.allocated > bound) {
            fail("a case of " + inputBytes + " bytes allocated " + o.allocated + " bytes (bound " + bound + "): "
                    + shown(input));
        }
        if (o.failure == null) {
            tally.parsed.incrementAndGet();
            check.accept(o.value);
            return;
        }
        if (!(o.failure instanceof ProtocolException) || !ownCauses(o.failure)) {
            throw new AssertionError("not a protocol error: " + o.failure + " for " + shown(input), o.failure);
        }
        tally.refused.incrementAndGet();
    }

    private record Outcome<T>(T value, Throwable failure, long allocated) {
    }

    /**
     * A protocol error may wrap the XML parser's or the charset's exception, nothing else; and a
     * cipher's refusal, which the reader reports as "could not decrypt a SecureString".
     */
    private static boolean ownCauses(Throwable t) {
        if (String.valueOf(t.getMessage()).startsWith("CLIXML: could not decrypt a SecureString")) {
            return true;
        }
        for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
            if (!(c instanceof ProtocolException || c instanceof XMLStreamException
                    || c instanceof CharacterCodingException)) {
                return false;
            }
        }
        return true;
    }

    private static synchronized <T> T onWorker(Callable<T> task, Object input) {
        Future<T> f = worker.submit(task);
        try {
            return f.get(CASE_BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            // The hung thread is abandoned (daemon); later cases get a fresh one.
            worker.shutdownNow();
            worker = newWorker();
            throw new AssertionError("a case did not end within " + CASE_BOUND_SECONDS + " s: " + shown(input));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        });
    }

    /** The input, shortened for a failure message. */
    public static String shown(Object input) {
        String s = input instanceof byte[] b ? "bytes " + java.util.HexFormat.of().formatHex(b) : String.valueOf(input);
        return s.length() > 2000 ? s.substring(0, 2000) + "... (" + s.length() + " chars)" : s;
    }
}
