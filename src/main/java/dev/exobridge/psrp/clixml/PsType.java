package dev.exobridge.psrp.clixml;

import java.util.HashMap;
import java.util.Map;

/**
 * The primitive types of CLIXML (MS-PSRP 2.2.5.1), each with its element tag, its .NET type
 * name and the Java class that holds its value in a {@link PsPrimitive}.
 */
public enum PsType {
    STRING("S", "System.String", String.class),
    /** A UTF-16 code unit; CLIXML writes it as its number. */
    CHAR("C", "System.Char", Character.class),
    BOOLEAN("B", "System.Boolean", Boolean.class),
    /** Kept as {@link PsDateTime}: the exact text and the kind (UTC, local, unspecified). */
    DATE_TIME("DT", "System.DateTime", PsDateTime.class),
    DURATION("TS", "System.TimeSpan", java.time.Duration.class),
    UNSIGNED_BYTE("By", "System.Byte", Short.class),
    SIGNED_BYTE("SB", "System.SByte", Byte.class),
    UINT16("U16", "System.UInt16", Integer.class),
    INT16("I16", "System.Int16", Short.class),
    UINT32("U32", "System.UInt32", Long.class),
    INT32("I32", "System.Int32", Integer.class),
    UINT64("U64", "System.UInt64", java.math.BigInteger.class),
    INT64("I64", "System.Int64", Long.class),
    FLOAT("Sg", "System.Single", Float.class),
    DOUBLE("Db", "System.Double", Double.class),
    DECIMAL("D", "System.Decimal", java.math.BigDecimal.class),
    BYTE_ARRAY("BA", "System.Byte[]", byte[].class),
    GUID("G", "System.Guid", java.util.UUID.class),
    URI("URI", "System.Uri", String.class),
    VERSION("Version", "System.Version", String.class),
    XML_DOCUMENT("XD", "System.Xml.XmlDocument", String.class),
    SCRIPT_BLOCK("SBK", "System.Management.Automation.ScriptBlock", String.class);

    private static final Map<String, PsType> BY_TAG = new HashMap<>();

    static {
        for (PsType t : values()) {
            BY_TAG.put(t.tag, t);
        }
    }

    private final String tag;
    private final String dotNetName;
    private final Class<?> javaType;

    PsType(String tag, String dotNetName, Class<?> javaType) {
        this.tag = tag;
        this.dotNetName = dotNetName;
        this.javaType = javaType;
    }

    /** The CLIXML element name, for example {@code I32}. */
    public String tag() {
        return tag;
    }

    /** The .NET type name, for example {@code System.Int32}. */
    public String dotNetName() {
        return dotNetName;
    }

    /** The Java class of {@link PsPrimitive#value()} for this type. */
    public Class<?> javaType() {
        return javaType;
    }

    /** The type for an element name, or {@code null} when the name is no primitive tag. */
    public static PsType forTag(String tag) {
        return BY_TAG.get(tag);
    }
}
