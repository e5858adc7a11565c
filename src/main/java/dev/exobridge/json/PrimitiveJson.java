package dev.exobridge.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.exobridge.psrp.clixml.PsDateTime;
import dev.exobridge.psrp.clixml.PsPrimitive;
import dev.exobridge.psrp.clixml.XsDuration;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Base64;

/**
 * One CLIXML primitive as a JSON scalar. The node class depends on the .NET type only, never on
 * the value, so a caller's POJO sees the same JSON type for every value of a property.
 */
final class PrimitiveJson {
    private PrimitiveJson() {
    }

    static JsonNode of(PsPrimitive p) {
        Object v = p.value();
        return switch (p.type()) {
            case STRING, URI, VERSION, XML_DOCUMENT, SCRIPT_BLOCK -> TextNode.valueOf((String) v);
            case CHAR -> TextNode.valueOf(String.valueOf((char) (Character) v));
            case BOOLEAN -> BooleanNode.valueOf((Boolean) v);
            case DATE_TIME -> TextNode.valueOf(((PsDateTime) v).toIsoString());
            case DURATION -> TextNode.valueOf(XsDuration.format((Duration) v));
            // Byte, SByte, Int16, UInt16 and Int32 fit an int; UInt32 and Int64 a long.
            case UNSIGNED_BYTE, INT16 -> IntNode.valueOf((Short) v);
            case SIGNED_BYTE -> IntNode.valueOf((Byte) v);
            case UINT16, INT32 -> IntNode.valueOf((Integer) v);
            case UINT32, INT64 -> LongNode.valueOf((Long) v);
            case UINT64 -> BigIntegerNode.valueOf((BigInteger) v);
            // DecimalNode directly: the node factory would strip trailing zeros (1.50 -> 1.5).
            case DECIMAL -> DecimalNode.valueOf((BigDecimal) v);
            case FLOAT -> real((Float) v, true);
            case DOUBLE -> real((Double) v, false);
            case BYTE_ARRAY -> TextNode.valueOf(Base64.getEncoder().encodeToString((byte[]) v));
            case GUID -> TextNode.valueOf(v.toString());
        };
    }

    /** NaN and the infinities, which JSON lacks, as the strings "NaN", "Infinity", "-Infinity". */
    private static JsonNode real(Number n, boolean single) {
        double d = n.doubleValue();
        if (Double.isNaN(d)) {
            return TextNode.valueOf("NaN");
        }
        if (Double.isInfinite(d)) {
            return TextNode.valueOf(d > 0 ? "Infinity" : "-Infinity");
        }
        // A FloatNode prints the float's own shortest text (1.1), not the widened double's.
        return single ? FloatNode.valueOf(n.floatValue()) : DoubleNode.valueOf(d);
    }
}
