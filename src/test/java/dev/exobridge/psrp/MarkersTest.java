package dev.exobridge.psrp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.exobridge.psrp.clixml.PsObject;
import dev.exobridge.psrp.clixml.PsPrimitive;
import dev.exobridge.psrp.clixml.PsType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lane's and the batching step's markers, and what merely looks like them. */
class MarkersTest {

    @Test
    void theLanesEndOfCallCarriesItsNonceItsCallAndItsError() {
        PsObject marker = marker(Markers.CALL_END).adaptedProperty("Nonce", new PsPrimitive(PsType.INT64, -5L))
                .adaptedProperty("Call", new PsPrimitive(PsType.INT64, 3L));
        assertThat(Markers.callEnd(marker)).isEqualTo(new Markers.CallEnd(-5, 3, null));
        marker.adaptedProperty("Error", PsPrimitive.string("<Objs/>"));
        assertThat(Markers.callEnd(marker).error()).isEqualTo("<Objs/>");
    }

    @Test
    void objectsThatOnlyLookLikeMarkersAreOutput() {
        assertThat(Markers.callEnd(PsPrimitive.string("ExoBridge.CallEnd"))).isNull();
        assertThat(Markers.callEnd(marker(Markers.CALL_END))).as("without nonce and call").isNull();
        assertThat(Markers.callEnd(marker("Other").adaptedProperty("Nonce", PsPrimitive.int32(1))
                .adaptedProperty("Call", PsPrimitive.int32(1)))).isNull();
        assertThat(Markers.batchEnd(marker(Markers.BATCH_END))).as("without key").isNull();
        assertThat(Markers.batchEnd(marker(Markers.BATCH_END).adaptedProperty("Key", PsPrimitive.string("k"))))
                .isEqualTo("k");
        assertThat(Markers.isBatch(new PsPrimitive(PsType.BYTE_ARRAY, new byte[] {1}))).isTrue();
        assertThat(Markers.isBatch(PsPrimitive.string("AQ=="))).isFalse();
    }

    private static PsObject marker(String type) {
        return new PsObject().typeNames(List.of(type, "System.Management.Automation.PSCustomObject", "System.Object"));
    }
}
