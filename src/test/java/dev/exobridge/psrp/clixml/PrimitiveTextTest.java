package dev.exobridge.psrp.clixml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link PrimitiveText#format} and {@link PrimitiveText#parse} are each other's inverse, for every type. */
class PrimitiveTextTest {
    @Test
    void everyTypeFormatsToTextThatParsesBackEqual() {
        Map<PsType, Object> samples = new EnumMap<>(PsType.class);
        samples.put(PsType.STRING, "a<b>&_x0041_");
        samples.put(PsType.CHAR, 'Z');
        samples.put(PsType.BOOLEAN, false);
        samples.put(PsType.DATE_TIME, new PsDateTime(LocalDateTime.of(2020, 1, 2, 3, 4, 5, 100), PsDateTime.Kind.LOCAL,
                ZoneOffset.ofHoursMinutes(5, 30)));
        samples.put(PsType.DURATION, Duration.ofDays(-1).minusMillis(567));
        samples.put(PsType.UNSIGNED_BYTE, (short) 255);
        samples.put(PsType.SIGNED_BYTE, (byte) -128);
        samples.put(PsType.UINT16, 65535);
        samples.put(PsType.INT16, (short) -32768);
        samples.put(PsType.UINT32, 4294967295L);
        samples.put(PsType.INT32, Integer.MIN_VALUE);
        samples.put(PsType.UINT64, new BigInteger("18446744073709551615"));
        samples.put(PsType.INT64, Long.MIN_VALUE);
        samples.put(PsType.FLOAT, 1.1f);
        samples.put(PsType.DOUBLE, Double.NEGATIVE_INFINITY);
        samples.put(PsType.DECIMAL, new BigDecimal("1.50"));
        samples.put(PsType.BYTE_ARRAY, new byte[]{0, 1, (byte) 255});
        samples.put(PsType.GUID, UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8"));
        samples.put(PsType.URI, "https://example.org/");
        samples.put(PsType.VERSION, "1.2.3.4");
        samples.put(PsType.XML_DOCUMENT, "<a b=\"1\" />");
        samples.put(PsType.SCRIPT_BLOCK, " echo \"hi\" ");
        assertThat(samples.keySet()).containsExactlyInAnyOrder(PsType.values());
        samples.forEach((type, value) -> {
            String text = PrimitiveText.format(type, value);
            assertThat(new PsPrimitive(type, PrimitiveText.parse(type, text))).as("%s as %s", type, text)
                    .isEqualTo(new PsPrimitive(type, value));
        });
        assertThat(PrimitiveText.format(PsType.FLOAT, 1.1f)).isEqualTo("1.1");
        assertThat(PrimitiveText.format(PsType.DECIMAL, new BigDecimal("1.50"))).isEqualTo("1.50");
    }

    @Test
    void aDecimalBeyondSystemDecimalIsRefusedWithItsValue() {
        assertThatThrownBy(() -> PrimitiveText.format(PsType.DECIMAL, new BigDecimal("1e-40")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit System.Decimal");
    }
}
