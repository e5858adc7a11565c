package dev.exobridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * exo-bridge's own serialiser on random PSCustomObjects ({@link PsShapes}): it writes what
 * PowerShell's serialiser writes, byte for byte, or leaves the object to it, and the JSON is the
 * same with it on and off, also when objects it takes and objects it leaves alternate.
 */
class FastSerializerPropertiesTest {
    private static PwshSession on;
    private static PwshSession off;

    @BeforeContainer
    static void start() {
        Path cache = FastSerializerTest.ROOT.resolve(UUID.randomUUID().toString());
        on = PwshSession.start(FastSerializerTest.withCache(cache).build());
        off = SessionTestSupport.start();
        on.invoke("1.." + FastSerializerTest.LARGE + " | ForEach-Object { [pscustomobject]@{ a = $_ } }");
        assertThat(FastSerializerTest.written(on)).isPositive();
    }

    @AfterContainer
    static void stop() {
        SessionTestSupport.closeAll(on, off);
    }

    @Provide
    Arbitrary<PsShapes> objects() {
        return PsShapes.object();
    }

    @Property(tries = 300)
    void theCliXmlIsPowerShellsOrTheObjectIsLeftToIt(@ForAll("objects") PsShapes o) {
        assertThat(FastSerializerTest.compare(on, o.text())).as(o.text()).isEqualTo(o.supported() ? "same" : "left");
    }

    @Property(tries = 12)
    void theJsonIsTheSameWithTheFastWriterOnAndOff(@ForAll("objects") PsShapes o) {
        long before = FastSerializerTest.written(on);
        FastSerializerTest.sameJson(on, off, o.text());
        // Every 7th object one the fast writer leaves: runs of either kind, in order.
        FastSerializerTest.sameJson(on, off, "if ($_ % 7) { " + o.text()
                + " } else { [pscustomobject]@{ n = $_; d = [datetimeoffset]::new(637000000000000000, 0) } }");
        if (o.supported()) {
            assertThat(FastSerializerTest.written(on)).as(o.text()).isGreaterThan(before);
        }
    }
}
