package dev.exobridge.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.exobridge.psrp.clixml.PsDateTime;
import dev.exobridge.psrp.clixml.PsNull;
import dev.exobridge.psrp.clixml.PsObject;
import dev.exobridge.psrp.clixml.PsPrimitive;
import dev.exobridge.psrp.clixml.PsSecureString;
import dev.exobridge.psrp.clixml.PsType;
import dev.exobridge.psrp.clixml.PsValue;
import java.math.BigInteger;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns PowerShell values ({@link PsValue}) into Jackson {@link JsonNode}s, following the rules of
 * {@code docs/json-mapping.md}: objects as JSON objects of their properties (extended ones
 * first, then adapted ones, as PowerShell lists them), dictionaries as JSON objects, collections
 * as arrays, numbers exact, dates as ISO-8601, SecureStrings, DBNull and NullString as
 * {@code null}, and a few .NET
 * types as the scalar they stand for (enums, DateTimeOffset, BigInteger, SemanticVersion,
 * SwitchParameter).
 *
 * <p>Immutable and thread-safe. The nodes returned are new on each call and belong to the caller.
 */
public final class PsJsonMapper {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String DESERIALIZED = "Deserialized.";

    private final JsonOptions options;

    /** A mapper with {@link JsonOptions#defaults()}. */
    public PsJsonMapper() {
        this(JsonOptions.defaults());
    }

    /** A mapper following {@code options}. */
    public PsJsonMapper(JsonOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The options this mapper follows. */
    public JsonOptions options() {
        return options;
    }

    /** The JSON of {@code value}; a Java {@code null} gives JSON {@code null} as {@link PsNull} does. */
    public JsonNode toJson(PsValue value) {
        return map(value, 0, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /**
     * @param depth how deep {@code value} sits (the top value is at 0)
     * @param open  the objects being expanded on the way here, to cut cycles
     */
    private JsonNode map(PsValue value, int depth, Set<PsObject> open) {
        if (value == null || value instanceof PsNull || value instanceof PsSecureString) {
            return NullNode.getInstance();
        }
        if (value instanceof PsPrimitive p) {
            return PrimitiveJson.of(p);
        }
        PsObject o = (PsObject) value;
        JsonNode special = scalarType(o);
        if (special != null) {
            return special;
        }
        if (o.container() == PsObject.Container.NONE && o.baseValue() instanceof PsPrimitive base) {
            // A primitive with notes (Get-Date's DisplayHint, Add-Member on a string): the
            // primitive. The notes stay reachable through ResultObject.raw().
            return PrimitiveJson.of(base);
        }
        if (o.container() == PsObject.Container.NONE && o.baseValue() instanceof PsSecureString) {
            return NullNode.getInstance();
        }
        boolean hasMembers = !o.extendedProperties().isEmpty() || !o.adaptedProperties().isEmpty();
        if (o.container() == PsObject.Container.NONE && o.baseValue() == null && !hasMembers) {
            // Nothing but a ToString: how remoting sends objects beyond its serialisation depth.
            return o.toStringValue() != null ? TextNode.valueOf(o.toStringValue()) : NODES.objectNode();
        }
        if (depth > options.maxDepth() || open.contains(o)) {
            return cutText(o);
        }
        open.add(o);
        try {
            if (o.container() == PsObject.Container.DICTIONARY) {
                return dictionary(o, depth, open);
            }
            if (o.container() != PsObject.Container.NONE) {
                ArrayNode a = NODES.arrayNode(o.items().size());
                for (PsValue item : o.items()) {
                    a.add(map(item, depth + 1, open));
                }
                return a;
            }
            if (o.baseValue() != null && !hasMembers) {
                return map(o.baseValue(), depth + 1, open);
            }
            return properties(o, depth, open);
        } finally {
            open.remove(o);
        }
    }

    /**
     * Extended properties in their order, then adapted ones in theirs, skipping an adapted one
     * whose name an extended one already has (case-insensitively, as PowerShell looks names up).
     * This is the order of {@code $deserialized.PSObject.Properties}, Format-List and ConvertTo-Json.
     */
    private ObjectNode properties(PsObject o, int depth, Set<PsObject> open) {
        ObjectNode json = NODES.objectNode();
        Set<String> extendedNames = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, PsValue> e : o.extendedProperties().entrySet()) {
            extendedNames.add(e.getKey());
            json.set(e.getKey(), map(e.getValue(), depth + 1, open));
        }
        for (Map.Entry<String, PsValue> e : o.adaptedProperties().entrySet()) {
            if (!extendedNames.contains(e.getKey())) {
                json.set(e.getKey(), map(e.getValue(), depth + 1, open));
            }
        }
        return json;
    }

    /** Entries in their order, keys as text; a later entry with the same key text replaces the value. */
    private ObjectNode dictionary(PsObject o, int depth, Set<PsObject> open) {
        ObjectNode json = NODES.objectNode();
        for (PsObject.Entry e : o.entries()) {
            json.set(keyText(e.key(), depth + 1, open), map(e.value(), depth + 1, open));
        }
        return json;
    }

    /** A key's text: a string as it is, another scalar as its JSON text, an object as its ToString. */
    private String keyText(PsValue key, int depth, Set<PsObject> open) {
        if (key instanceof PsPrimitive p && p.type() == PsType.STRING) {
            return (String) p.value();
        }
        JsonNode k = map(key, depth, open);
        if (k.isValueNode() || k.isNull()) {
            return k.isBigDecimal() ? k.decimalValue().toPlainString() : k.asText();
        }
        return key instanceof PsObject ko ? cutText(ko).asText("") : k.toString();
    }

    /** What an object stands for when it is not expanded: its ToString, else its type name, else null. */
    private static JsonNode cutText(PsObject o) {
        if (o.toStringValue() != null) {
            return TextNode.valueOf(o.toStringValue());
        }
        return o.typeNames().isEmpty() ? NullNode.getInstance() : TextNode.valueOf(stripDeserialized(o.typeNames().get(0)));
    }

    // ---- .NET types that stand for a scalar -------------------------------------------------

    /**
     * The scalar of an enum, DateTimeOffset, BigInteger, SemanticVersion or switch, JSON null for
     * DBNull and NullString, {@link RecordJson} for a warning, verbose or debug record; Java null
     * for other types.
     */
    private static JsonNode scalarType(PsObject o) {
        if (o.typeNames().isEmpty()) {
            return null;
        }
        String type = stripDeserialized(o.typeNames().get(0));
        switch (type) {
            case "System.DateTimeOffset":
                return dateTimeOffset(o);
            case "System.Numerics.BigInteger":
                return bigInteger(o);
            case "System.Management.Automation.SemanticVersion":
                return o.toStringValue() != null ? TextNode.valueOf(o.toStringValue()) : null;
            case "System.Management.Automation.SwitchParameter":
                return switchParameter(o);
            case "System.Management.Automation.WarningRecord":
                return informationalRecord("warning", o);
            case "System.Management.Automation.VerboseRecord":
                return informationalRecord("verbose", o);
            case "System.Management.Automation.DebugRecord":
                return informationalRecord("debug", o);
            case "System.Management.Automation.InformationRecord":
                // Write-Information or Write-Host merged with 6>&1: its ToString is the message's text.
                return RecordJson.of("information", o.toStringValue() == null ? "" : o.toStringValue());
            case "System.DBNull", "System.Management.Automation.Language.NullString":
                // The null-likes: ConvertTo-Json writes null for them, and so do we (not their "" ToString).
                return NullNode.getInstance();
            default:
                break;
        }
        if (isEnum(o)) {
            // As PowerShell prints it: the name, or "ReadOnly, Hidden" for flags; the number only
            // when no text came along.
            if (o.toStringValue() != null) {
                return TextNode.valueOf(o.toStringValue());
            }
            return o.baseValue() instanceof PsPrimitive p ? PrimitiveJson.of(p) : null;
        }
        return null;
    }

    private static boolean isEnum(PsObject o) {
        for (String t : o.typeNames()) {
            if (t.equals("System.Enum") || t.equals(DESERIALIZED + "System.Enum")) {
                return true;
            }
        }
        return false;
    }

    /** Remoting sends a DateTimeOffset as a property bag: its DateTime (wall clock) and Offset rebuild it. */
    private static JsonNode dateTimeOffset(PsObject o) {
        if (o.property("DateTime") instanceof PsPrimitive dt && dt.value() instanceof PsDateTime local
                && o.property("Offset") instanceof PsPrimitive off && off.value() instanceof Duration offset
                && offset.getNano() == 0 && Math.abs(offset.getSeconds()) <= 18 * 3600) {
            ZoneOffset zone = ZoneOffset.ofTotalSeconds((int) offset.getSeconds());
            return TextNode.valueOf(new PsDateTime(local.dateTime(), PsDateTime.Kind.LOCAL, zone).toIsoString());
        }
        return o.toStringValue() != null ? TextNode.valueOf(o.toStringValue()) : null;
    }

    /** Remoting sends a BigInteger as its ToString (every digit) and a few flags. */
    private static JsonNode bigInteger(PsObject o) {
        String text = o.toStringValue();
        if (text == null) {
            return null;
        }
        try {
            return BigIntegerNode.valueOf(new BigInteger(text.strip()));
        } catch (NumberFormatException e) {
            return TextNode.valueOf(text);
        }
    }

    /** A record merged into the output ({@code 3>&1}): the shape the CLI prints records in. */
    private static JsonNode informationalRecord(String stream, PsObject o) {
        String message = o.property("InformationalRecord_Message") instanceof PsPrimitive p ? p.value().toString()
                : o.toStringValue();
        return RecordJson.of(stream, message == null ? "" : message);
    }

    private static JsonNode switchParameter(PsObject o) {
        if (o.property("IsPresent") instanceof PsPrimitive p && p.value() instanceof Boolean b) {
            return BooleanNode.valueOf(b);
        }
        String text = o.toStringValue();
        if ("True".equalsIgnoreCase(text) || "False".equalsIgnoreCase(text)) {
            return BooleanNode.valueOf(Boolean.parseBoolean(text));
        }
        return null;
    }

    static String stripDeserialized(String typeName) {
        return typeName.startsWith(DESERIALIZED) ? typeName.substring(DESERIALIZED.length()) : typeName;
    }
}
