package dev.exobridge.psrp.clixml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exobridge.Secret;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes CLIXML (MS-PSRP 2.2.5) for one document: message bodies and parameter values. Keeps the
 * RefId counters of the document, so one writer serves exactly one document.
 *
 * <p>{@link #value(String, Object)} maps Java values to CLIXML: {@code null} to Nil; String to
 * String; Character to Char; Boolean; Byte to SByte (Java's byte is signed), Short to Int16,
 * Integer to Int32, Long to Int64, Float to Single, Double; BigDecimal to Decimal; BigInteger to
 * Int64, UInt64 or Decimal, whichever holds it; byte[]; UUID to Guid; URI to Uri; Duration to
 * TimeSpan; the java.time date types (Instant, OffsetDateTime and ZonedDateTime as UTC DateTimes,
 * LocalDateTime and LocalDate as unspecified ones); {@link PsDateTime}; Java enums (their name);
 * {@link Secret} (a SecureString encrypted with the session key); Maps (Hashtables); Collections
 * and arrays (Object[]); Jackson {@link JsonNode}s (numbers, booleans, strings, arrays, objects
 * as Hashtables). A {@link PsValue} read from pwsh is written back as it was read: every
 * {@link PsType} as its own element (Byte, UInt16, UInt32, UInt64, Uri, Version, XmlDocument,
 * ScriptBlock included), objects with their type names, properties and containers. Text that
 * XML cannot carry (NUL, controls, lone surrogates) is escaped as {@code _xHHHH_}
 * ({@link CliXmlText}). Anything else is refused with an IllegalArgumentException.
 */
public final class CliXmlWriter {
    private static final List<String> HASHTABLE = List.of("System.Collections.Hashtable", "System.Object");
    private static final List<String> OBJECT_ARRAY = List.of("System.Object[]", "System.Array", "System.Object");
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger DECIMAL_MAX = new BigInteger("79228162514264337593543950335");

    private final StringBuilder out = new StringBuilder(512);
    private final SecureStringCipher cipher;
    private final Map<List<String>, Integer> typeNameRefs = new HashMap<>();
    private final Deque<String> open = new ArrayDeque<>();
    private int nextRefId;

    /**
     * @param cipher encrypts SecureStrings; {@code null} when no session key exists, in which case
     *               writing a {@link Secret} fails
     */
    public CliXmlWriter(SecureStringCipher cipher) {
        this.cipher = cipher;
    }

    /** A writer without SecureString support. */
    public CliXmlWriter() {
        this(null);
    }

    /** The document written so far. */
    public String toXml() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements: " + open);
        }
        return out.toString();
    }

    // ---- structure ---------------------------------------------------------------------

    /** Opens {@code <Obj N=name RefId=..>}, with type names and ToString when given. */
    public CliXmlWriter startObj(String name, List<String> typeNames, String toString) {
        out.append("<Obj");
        nameAttr(name);
        out.append(" RefId=\"").append(nextRefId++).append("\">");
        open.push("Obj");
        if (typeNames != null && !typeNames.isEmpty()) {
            Integer ref = typeNameRefs.get(typeNames);
            if (ref != null) {
                out.append("<TNRef RefId=\"").append(ref).append("\" />");
            } else {
                int id = typeNameRefs.size();
                typeNameRefs.put(typeNames, id);
                out.append("<TN RefId=\"").append(id).append("\">");
                for (String t : typeNames) {
                    out.append("<T>");
                    CliXmlText.escape(t, out);
                    out.append("</T>");
                }
                out.append("</TN>");
            }
        }
        if (toString != null) {
            out.append("<ToString>");
            CliXmlText.escape(toString, out);
            out.append("</ToString>");
        }
        return this;
    }

    /** Opens a plain {@code <Obj>} without type names. */
    public CliXmlWriter startObj(String name) {
        return startObj(name, null, null);
    }

    /** Closes the current {@code <Obj>}. */
    public CliXmlWriter endObj() {
        return close("Obj");
    }

    /** Opens {@code <MS>}: extended properties follow. */
    public CliXmlWriter startMs() {
        return openTag("MS");
    }

    /** Closes {@code <MS>}. */
    public CliXmlWriter endMs() {
        return close("MS");
    }

    /** Opens {@code <LST>}: unnamed items follow. */
    public CliXmlWriter startLst() {
        return openTag("LST");
    }

    /** Closes {@code <LST>}. */
    public CliXmlWriter endLst() {
        return close("LST");
    }

    /** Opens {@code <DCT>}: {@link #entry} calls follow. */
    public CliXmlWriter startDct() {
        return openTag("DCT");
    }

    /** Closes {@code <DCT>}. */
    public CliXmlWriter endDct() {
        return close("DCT");
    }

    /** One dictionary entry. */
    public CliXmlWriter entry(Object key, Object value) {
        out.append("<En>");
        value("Key", key);
        value("Value", value);
        out.append("</En>");
        return this;
    }

    /** An enum value as PowerShell writes one: an Obj with its type names, ToString and Int32. */
    public CliXmlWriter enumValue(String name, List<String> typeNames, String text, int number) {
        startObj(name, typeNames, text);
        out.append("<I32>").append(number).append("</I32>");
        return endObj();
    }

    // ---- values ------------------------------------------------------------------------

    /** Writes one value, named ({@code N=}) when {@code name} is not null. */
    public CliXmlWriter value(String name, Object v) {
        if (v == null || v == PsNull.INSTANCE) {
            out.append("<Nil");
            nameAttr(name);
            out.append(" />");
        } else if (v instanceof String s) {
            primitive(PsType.STRING, name, s);
        } else if (v instanceof Boolean b) {
            primitive(PsType.BOOLEAN, name, b ? "true" : "false");
        } else if (v instanceof Integer i) {
            primitive(PsType.INT32, name, i.toString());
        } else if (v instanceof Long l) {
            primitive(PsType.INT64, name, l.toString());
        } else if (v instanceof Short s) {
            primitive(PsType.INT16, name, s.toString());
        } else if (v instanceof Byte b) {
            primitive(PsType.SIGNED_BYTE, name, b.toString());
        } else if (v instanceof Character c) {
            primitive(PsType.CHAR, name, Integer.toString(c));
        } else if (v instanceof Double d) {
            primitive(PsType.DOUBLE, name, PrimitiveText.doubleText(d));
        } else if (v instanceof Float f) {
            primitive(PsType.FLOAT, name, PrimitiveText.singleText(f));
        } else if (v instanceof BigDecimal d) {
            primitive(PsType.DECIMAL, name, PrimitiveText.decimalText(d));
        } else if (v instanceof BigInteger b) {
            bigInteger(name, b);
        } else if (v instanceof byte[] bytes) {
            primitive(PsType.BYTE_ARRAY, name, Base64.getEncoder().encodeToString(bytes));
        } else if (v instanceof UUID u) {
            primitive(PsType.GUID, name, u.toString());
        } else if (v instanceof URI u) {
            primitive(PsType.URI, name, u.toString());
        } else if (v instanceof Duration d) {
            primitive(PsType.DURATION, name, PrimitiveText.format(PsType.DURATION, d));
        } else if (v instanceof PsDateTime dt) {
            primitive(PsType.DATE_TIME, name, PrimitiveText.format(PsType.DATE_TIME, dt));
        } else if (v instanceof Instant i) {
            value(name, utc(LocalDateTime.ofInstant(i, ZoneOffset.UTC)));
        } else if (v instanceof OffsetDateTime o) {
            value(name, o.toInstant());
        } else if (v instanceof ZonedDateTime z) {
            value(name, z.toInstant());
        } else if (v instanceof LocalDateTime l) {
            value(name, new PsDateTime(truncateToTicks(l), PsDateTime.Kind.UNSPECIFIED, null));
        } else if (v instanceof LocalDate d) {
            value(name, d.atStartOfDay());
        } else if (v instanceof Enum<?> e) {
            primitive(PsType.STRING, name, e.name());
        } else if (v instanceof Secret s) {
            secret(name, s);
        } else if (v instanceof PsValue p) {
            psValue(name, p);
        } else if (v instanceof JsonNode j) {
            json(name, j);
        } else if (v instanceof Map<?, ?> m) {
            startObj(name, HASHTABLE, null).startDct();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                entry(e.getKey(), e.getValue());
            }
            endDct().endObj();
        } else if (v instanceof Iterable<?> it) {
            list(name, it.iterator());
        } else if (v instanceof Object[] arr) {
            list(name, Arrays.asList(arr).iterator());
        } else {
            throw new IllegalArgumentException("cannot pass a " + v.getClass().getName()
                    + " to PowerShell; use a string, number, boolean, date, list, map, JsonNode or PsValue");
        }
        return this;
    }

    /** Writes a primitive whose text is already in CLIXML lexical form. */
    public CliXmlWriter primitive(PsType type, String name, String text) {
        out.append('<').append(type.tag());
        nameAttr(name);
        if (text.isEmpty()) {
            out.append(" />");
            return this;
        }
        out.append('>');
        CliXmlText.escape(text, out);
        out.append("</").append(type.tag()).append('>');
        return this;
    }

    private void list(String name, Iterator<?> it) {
        startObj(name, OBJECT_ARRAY, null).startLst();
        while (it.hasNext()) {
            value(null, it.next());
        }
        endLst().endObj();
    }

    private void bigInteger(String name, BigInteger b) {
        if (b.bitLength() < 64) {
            primitive(PsType.INT64, name, b.toString());
        } else if (b.signum() > 0 && b.compareTo(UINT64_MAX) <= 0) {
            primitive(PsType.UINT64, name, b.toString());
        } else if (b.abs().compareTo(DECIMAL_MAX) <= 0) {
            primitive(PsType.DECIMAL, name, b.toString());
        } else {
            throw new IllegalArgumentException("integer " + b + " is beyond System.Decimal; pass it as a string");
        }
    }

    private void secret(String name, Secret s) {
        if (cipher == null) {
            throw new IllegalStateException("a Secret cannot be sent: no session key was exchanged");
        }
        char[] chars = s.reveal();
        try {
            out.append("<SS");
            nameAttr(name);
            out.append('>').append(cipher.encrypt(chars)).append("</SS>");
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private void psValue(String name, PsValue p) {
        if (p instanceof PsPrimitive prim) {
            // Written as the type it is: an UInt16 read from pwsh goes back as an UInt16, not an Int32.
            primitive(prim.type(), name, PrimitiveText.format(prim.type(), prim.value()));
        } else if (p instanceof PsSecureString ss) {
            secret(name, ss.secret());
        } else if (p instanceof PsObject o) {
            psObject(name, o);
        } else {
            value(name, null);
        }
    }

    private void psObject(String name, PsObject o) {
        startObj(name, o.typeNames(), o.toStringValue());
        if (o.baseValue() != null) {
            value(null, o.baseValue());
        }
        switch (o.container()) {
            case LIST, ENUMERABLE, STACK, QUEUE -> {
                String tag = switch (o.container()) {
                    case LIST -> "LST";
                    case ENUMERABLE -> "IE";
                    case STACK -> "STK";
                    default -> "QUE";
                };
                openTag(tag);
                for (PsValue item : o.items()) {
                    value(null, item);
                }
                close(tag);
            }
            case DICTIONARY -> {
                startDct();
                for (PsObject.Entry e : o.entries()) {
                    entry(e.key(), e.value());
                }
                endDct();
            }
            default -> {
            }
        }
        if (!o.adaptedProperties().isEmpty()) {
            openTag("Props");
            o.adaptedProperties().forEach(this::value);
            close("Props");
        }
        if (!o.extendedProperties().isEmpty()) {
            startMs();
            o.extendedProperties().forEach(this::value);
            endMs();
        }
        endObj();
    }

    private void json(String name, JsonNode j) {
        if (j.isNull() || j.isMissingNode()) {
            value(name, null);
        } else if (j.isTextual()) {
            value(name, j.textValue());
        } else if (j.isBoolean()) {
            value(name, j.booleanValue());
        } else if (j.isInt()) {
            value(name, j.intValue());
        } else if (j.isLong()) {
            value(name, j.longValue());
        } else if (j.isBigInteger()) {
            value(name, j.bigIntegerValue());
        } else if (j.isBigDecimal()) {
            value(name, j.decimalValue());
        } else if (j.isNumber()) {
            value(name, j.doubleValue());
        } else if (j.isArray()) {
            list(name, j.elements());
        } else if (j.isObject()) {
            startObj(name, HASHTABLE, null).startDct();
            for (Iterator<Map.Entry<String, JsonNode>> it = j.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                entry(e.getKey(), e.getValue());
            }
            endDct().endObj();
        } else if (j.isBinary()) {
            try {
                value(name, j.binaryValue());
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("unreadable binary JSON node", e);
            }
        } else {
            throw new IllegalArgumentException("cannot pass JSON node of type " + j.getNodeType());
        }
    }

    // ---- lexical forms -----------------------------------------------------------------

    private static PsDateTime utc(LocalDateTime l) {
        return new PsDateTime(truncateToTicks(l), PsDateTime.Kind.UTC, ZoneOffset.UTC);
    }

    private static LocalDateTime truncateToTicks(LocalDateTime l) {
        return l.withNano(l.getNano() / 100 * 100);
    }

    // ---- plumbing ----------------------------------------------------------------------

    private void nameAttr(String name) {
        if (name != null) {
            out.append(" N=\"");
            CliXmlText.escape(name, out);
            out.append('"');
        }
    }

    private CliXmlWriter openTag(String tag) {
        out.append('<').append(tag).append('>');
        open.push(tag);
        return this;
    }

    private CliXmlWriter close(String tag) {
        String top = open.poll();
        if (!tag.equals(top)) {
            throw new IllegalStateException("closing " + tag + " but " + top + " is open");
        }
        out.append("</").append(tag).append('>');
        return this;
    }
}
