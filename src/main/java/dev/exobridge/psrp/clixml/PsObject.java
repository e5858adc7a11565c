package dev.exobridge.psrp.clixml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A complex CLIXML object ({@code <Obj>}): its type names (most derived first), its ToString,
 * an optional base value (an enum's number, a primitive with notes), an optional collection
 * (list, stack, queue, enumeration) or dictionary, adapted properties ({@code <Props>}) and
 * extended properties ({@code <MS>}), each in document order.
 *
 * <p>Built by the reader with the package-private mutators; immutable for everyone else. The
 * same instance appears wherever CLIXML refers to it again with {@code <Ref RefId>}, so a
 * graph may share nodes and, in theory, contain cycles.
 */
public final class PsObject implements PsValue {

    /** What kind of collection, if any, the object carries. */
    public enum Container {
        /** No collection: a plain object. */
        NONE,
        /** {@code <LST>}: a list or array. */
        LIST,
        /** {@code <IE>}: any other enumerable. */
        ENUMERABLE,
        /** {@code <STK>}: a stack, top first. */
        STACK,
        /** {@code <QUE>}: a queue, head first. */
        QUEUE,
        /** {@code <DCT>}: a dictionary. */
        DICTIONARY
    }

    /** One dictionary entry; keys may be any value, not just strings. */
    public record Entry(PsValue key, PsValue value) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    private List<String> typeNames = List.of();
    private String toStringValue;
    private PsValue baseValue;
    private Container container = Container.NONE;
    private final List<PsValue> items = new ArrayList<>();
    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, PsValue> adapted = new LinkedHashMap<>();
    private final Map<String, PsValue> extended = new LinkedHashMap<>();

    /** An empty object, to be filled by the reader or a caller building a value. */
    public PsObject() {
    }

    /** Type names, most derived first; empty when CLIXML gave none. */
    public List<String> typeNames() {
        return typeNames;
    }

    /** The {@code <ToString>} text, or {@code null}. */
    public String toStringValue() {
        return toStringValue;
    }

    /** The primitive the object wraps (enum value, string with notes...), or {@code null}. */
    public PsValue baseValue() {
        return baseValue;
    }

    /** The collection kind. */
    public Container container() {
        return container;
    }

    /** Items of a list, enumerable, stack or queue, in order. */
    public List<PsValue> items() {
        return Collections.unmodifiableList(items);
    }

    /** Entries of a dictionary, in order. */
    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** Adapted properties ({@code <Props>}), in order. */
    public Map<String, PsValue> adaptedProperties() {
        return Collections.unmodifiableMap(adapted);
    }

    /** Extended properties ({@code <MS>}), in order. */
    public Map<String, PsValue> extendedProperties() {
        return Collections.unmodifiableMap(extended);
    }

    /**
     * The property of that name: extended wins over adapted, as in PowerShell. {@code null}
     * when there is none (a property holding {@code $null} gives {@link PsNull#INSTANCE}).
     */
    public PsValue property(String name) {
        PsValue v = extended.get(name);
        return v != null ? v : adapted.get(name);
    }

    /** Whether the first type name is {@code name} or any type name is. */
    public boolean isA(String name) {
        return typeNames.contains(name);
    }

    // ---- building -------------------------------------------------------------------

    /** Sets the type names (most derived first). */
    public PsObject typeNames(List<String> names) {
        this.typeNames = List.copyOf(names);
        return this;
    }

    /** Sets the ToString text. */
    public PsObject toStringValue(String text) {
        this.toStringValue = text;
        return this;
    }

    /** Sets the base value. */
    public PsObject baseValue(PsValue value) {
        this.baseValue = value;
        return this;
    }

    /** Sets the collection kind (items or entries are added afterwards). */
    public PsObject container(Container kind) {
        this.container = Objects.requireNonNull(kind, "kind");
        return this;
    }

    /** Adds a collection item. */
    public PsObject addItem(PsValue item) {
        items.add(Objects.requireNonNull(item, "item"));
        return this;
    }

    /** Adds a dictionary entry. */
    public PsObject addEntry(PsValue key, PsValue value) {
        entries.add(new Entry(key, value));
        return this;
    }

    /** Adds (or replaces) an adapted property. */
    public PsObject adaptedProperty(String name, PsValue value) {
        adapted.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Adds (or replaces) an extended property. */
    public PsObject extendedProperty(String name, PsValue value) {
        extended.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    @Override
    public String toString() {
        return "Obj[" + (typeNames.isEmpty() ? "?" : typeNames.get(0)) + "]";
    }
}
