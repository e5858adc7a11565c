package dev.exobridge.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exobridge.Secret;
import dev.exobridge.psrp.clixml.PsObject;
import dev.exobridge.psrp.clixml.PsPrimitive;
import dev.exobridge.psrp.clixml.PsSecureString;
import dev.exobridge.psrp.clixml.PsValue;
import java.util.List;
import java.util.Objects;

/**
 * One output object of a PowerShell call, as the caller sees it: its JSON, and beside it (never
 * inside it) its PowerShell type names and ToString. A SecureString is JSON {@code null} here and
 * is handed out only as a {@link Secret} through {@link #secret()}.
 *
 * <p>Immutable, except that {@link #json()} returns the node itself: copy it
 * ({@code deepCopy()}) before changing it.
 */
public final class ResultObject {
    private final PsValue raw;
    private final JsonNode json;
    private final List<String> typeNames;
    private final String toStringValue;

    private ResultObject(PsValue raw, JsonNode json) {
        this.raw = raw;
        this.json = json;
        this.typeNames = typeNamesOf(raw);
        this.toStringValue = raw instanceof PsObject o ? o.toStringValue() : null;
    }

    /** The result for {@code value}, its JSON made by {@code mapper} now. */
    public static ResultObject of(PsValue value, PsJsonMapper mapper) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(mapper, "mapper");
        return new ResultObject(value, mapper.toJson(value));
    }

    /** The object as JSON (see docs/json-mapping.md). */
    public JsonNode json() {
        return json;
    }

    /**
     * PowerShell's type names, most derived first, as they arrived (a {@code Deserialized.}
     * prefix kept). A bare primitive has its .NET type name; {@code $null} has none.
     */
    public List<String> typeNames() {
        return typeNames;
    }

    /** The ToString PowerShell sent with the object, or {@code null} when it sent none. */
    public String toStringValue() {
        return toStringValue;
    }

    /** The value as read from CLIXML, for what JSON does not show (notes on a primitive, key types...). */
    public PsValue raw() {
        return raw;
    }

    /**
     * The JSON mapped to {@code type} with the caller's {@code mapper}.
     *
     * @throws IllegalArgumentException when the JSON does not fit the type
     */
    public <T> T as(ObjectMapper mapper, Class<T> type) {
        try {
            return mapper.treeToValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot map " + describe() + " to " + type.getName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * The JSON mapped to a generic type, such as {@code new TypeReference<Map<String, Object>>() {}}.
     *
     * @throws IllegalArgumentException when the JSON does not fit the type
     */
    public <T> T as(ObjectMapper mapper, TypeReference<T> type) {
        try {
            return mapper.treeToValue(json, mapper.getTypeFactory().constructType(type));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot map " + describe() + " to " + type.getType().getTypeName()
                    + ": " + e.getOriginalMessage(), e);
        }
    }

    /** {@code {"types": [...], "toString": "..." or null, "value": ...}}, as the CLI's --with-types prints it. */
    public JsonNode withTypes() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ArrayNode types = o.putArray("types");
        typeNames.forEach(types::add);
        o.put("toString", toStringValue);
        o.set("value", json);
        return o;
    }

    /** The secret when the value is a SecureString (perhaps wrapped with notes), else {@code null}. */
    public Secret secret() {
        if (raw instanceof PsSecureString s) {
            return s.secret();
        }
        if (raw instanceof PsObject o && o.baseValue() instanceof PsSecureString s) {
            return s.secret();
        }
        return null;
    }

    private String describe() {
        return typeNames.isEmpty() ? "the value" : "a " + typeNames.get(0);
    }

    private static List<String> typeNamesOf(PsValue v) {
        if (v instanceof PsObject o) {
            if (o.typeNames().isEmpty() && o.baseValue() != null && !(o.baseValue() instanceof PsObject)) {
                return typeNamesOf(o.baseValue());
            }
            return o.typeNames();
        }
        if (v instanceof PsPrimitive p) {
            return List.of(p.type().dotNetName());
        }
        if (v instanceof PsSecureString) {
            return List.of(PsSecureString.TYPE_NAME);
        }
        return List.of();
    }

    @Override
    public String toString() {
        // The JSON never holds a secret, so it may be shown.
        return "ResultObject[" + (typeNames.isEmpty() ? "" : typeNames.get(0) + " ") + json + "]";
    }
}
