package dev.exobridge.psrp.clixml;

import java.util.Arrays;
import java.util.Objects;

/**
 * A primitive CLIXML value: its {@link PsType} and the Java value (of {@link PsType#javaType()}).
 *
 * @param type  the primitive type
 * @param value the value, never {@code null}
 */
public record PsPrimitive(PsType type, Object value) implements PsValue {

    public PsPrimitive {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if (!type.javaType().isInstance(value)) {
            throw new IllegalArgumentException(type + " needs a " + type.javaType().getSimpleName()
                    + ", got " + value.getClass().getSimpleName());
        }
    }

    /** A {@code System.String}. */
    public static PsPrimitive string(String s) {
        return new PsPrimitive(PsType.STRING, s);
    }

    /** A {@code System.Int32}. */
    public static PsPrimitive int32(int i) {
        return new PsPrimitive(PsType.INT32, i);
    }

    /** A {@code System.Boolean}. */
    public static PsPrimitive bool(boolean b) {
        return new PsPrimitive(PsType.BOOLEAN, b);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PsPrimitive p) || p.type != type) {
            return false;
        }
        if (value instanceof byte[] a) {
            return Arrays.equals(a, (byte[]) p.value);
        }
        if (value instanceof java.math.BigDecimal d) {
            return d.compareTo((java.math.BigDecimal) p.value) == 0;
        }
        return value.equals(p.value);
    }

    @Override
    public int hashCode() {
        if (value instanceof byte[] a) {
            return Arrays.hashCode(a);
        }
        if (value instanceof java.math.BigDecimal d) {
            return d.stripTrailingZeros().hashCode();
        }
        return Objects.hash(type, value);
    }

    @Override
    public String toString() {
        return type.tag() + ":" + (value instanceof byte[] a ? a.length + " bytes" : value);
    }
}
