package dev.exobridge.psrp.clixml;

import dev.exobridge.Secret;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * One CLIXML document being read: the StAX cursor, the RefId tables of {@code <Obj>} and
 * {@code <TN>} (which are per document), and a recursive descent over the elements. Every
 * method starts on a START_ELEMENT and returns on its END_ELEMENT. Not thread-safe; used once.
 */
final class CliXmlParse {
    static final String PROGRESS_RECORD = "System.Management.Automation.ProgressRecord";

    private final XMLStreamReader r;
    private final SecureStringCipher cipher;
    private final int maxNesting;
    private final Map<String, PsObject> objects = new HashMap<>();
    private final Map<String, List<String>> typeNames = new HashMap<>();
    private int nesting;

    CliXmlParse(XMLStreamReader r, SecureStringCipher cipher, int maxNesting) {
        this.r = r;
        this.cipher = cipher;
        this.maxNesting = maxNesting;
    }

    /** Moves to the first element of the document and returns its name. */
    String root() throws XMLStreamException {
        while (r.hasNext()) {
            int e = r.next();
            if (e == XMLStreamConstants.START_ELEMENT) {
                return r.getLocalName();
            }
            if (e == XMLStreamConstants.DTD) {
                throw error("a DTD is not allowed in CLIXML");
            }
        }
        throw error("the document holds no element");
    }

    /** After the last element: the rest of the document must be well-formed and hold no element. */
    void end() throws XMLStreamException {
        while (r.hasNext()) {
            if (r.next() == XMLStreamConstants.START_ELEMENT) {
                throw error("more than one top-level element");
            }
        }
    }

    /** The next child element of {@code parent}: true on its START_ELEMENT, false on the parent's end. */
    boolean nextChild(String parent) throws XMLStreamException {
        int e;
        try {
            e = r.nextTag();
        } catch (XMLStreamException ex) {
            throw error("malformed content inside <" + parent + ">: " + xmlMessage(ex), ex);
        }
        return e == XMLStreamConstants.START_ELEMENT;
    }

    /** The value of the element under the cursor. */
    PsValue value() throws XMLStreamException {
        if (++nesting > maxNesting) {
            throw error("elements nested deeper than " + maxNesting);
        }
        try {
            String tag = r.getLocalName();
            return switch (tag) {
                case "Obj" -> obj();
                case "Ref" -> ref();
                case "Nil" -> {
                    empty(tag);
                    yield PsNull.INSTANCE;
                }
                case "SS" -> secureString();
                case "PR" -> progressRecord();
                default -> {
                    PsType type = PsType.forTag(tag);
                    if (type == null) {
                        throw error("unknown element <" + tag + ">");
                    }
                    yield primitive(type);
                }
            };
        } finally {
            nesting--;
        }
    }

    private PsPrimitive primitive(PsType type) throws XMLStreamException {
        String text = text(type.tag());
        if (type == PsType.STRING || type == PsType.URI || type == PsType.XML_DOCUMENT || type == PsType.SCRIPT_BLOCK) {
            return new PsPrimitive(type, XmlConvertDecode.decode(text));
        }
        try {
            return new PsPrimitive(type, PrimitiveText.parse(type, text));
        } catch (IllegalArgumentException e) {
            throw error("<" + type.tag() + "> holds " + quote(text) + ", " + e.getMessage());
        }
    }

    private PsObject obj() throws XMLStreamException {
        PsObject o = new PsObject();
        String refId = attr("RefId");
        if (refId != null) {
            // Registered before the children are read, so that a <Ref> inside (a cycle) finds it.
            objects.put(refId, o);
        }
        boolean named = false;
        boolean collected = false;
        while (nextChild("Obj")) {
            String tag = r.getLocalName();
            switch (tag) {
                case "TN", "TNRef" -> {
                    if (named) {
                        throw error("<Obj> has more than one <TN>/<TNRef>");
                    }
                    named = true;
                    o.typeNames(tag.equals("TN") ? typeNameList() : typeNameRef());
                }
                case "ToString" -> o.toStringValue(XmlConvertDecode.decode(text(tag)));
                case "Props" -> members(o, tag, false);
                case "MS" -> members(o, tag, true);
                case "LST", "IE", "STK", "QUE", "DCT" -> {
                    if (collected) {
                        throw error("<Obj> has more than one collection (a second <" + tag + ">)");
                    }
                    collected = true;
                    collection(o, tag);
                }
                default -> {
                    if (PsType.forTag(tag) == null && !tag.equals("SS")) {
                        throw error("unexpected element <" + tag + "> inside <Obj>");
                    }
                    if (o.baseValue() != null) {
                        throw error("<Obj> has more than one base value (a second <" + tag + ">)");
                    }
                    o.baseValue(value());
                }
            }
        }
        return o;
    }

    private List<String> typeNameList() throws XMLStreamException {
        String refId = attr("RefId");
        List<String> names = new ArrayList<>(4);
        while (nextChild("TN")) {
            if (!r.getLocalName().equals("T")) {
                throw error("unexpected element <" + r.getLocalName() + "> inside <TN>");
            }
            names.add(XmlConvertDecode.decode(text("T")));
        }
        names = List.copyOf(names);
        if (refId != null) {
            typeNames.put(refId, names);
        }
        return names;
    }

    private List<String> typeNameRef() throws XMLStreamException {
        String refId = required("TNRef", "RefId");
        List<String> names = typeNames.get(refId);
        if (names == null) {
            throw error("<TNRef RefId=\"" + refId + "\"> refers to no earlier <TN>");
        }
        empty("TNRef");
        return names;
    }

    private void members(PsObject o, String tag, boolean extended) throws XMLStreamException {
        while (nextChild(tag)) {
            String name = XmlConvertDecode.decode(required(r.getLocalName(), "N"));
            PsValue v = value();
            if (extended) {
                o.extendedProperty(name, v);
            } else {
                o.adaptedProperty(name, v);
            }
        }
    }

    private void collection(PsObject o, String tag) throws XMLStreamException {
        if (tag.equals("DCT")) {
            o.container(PsObject.Container.DICTIONARY);
            while (nextChild(tag)) {
                entry(o);
            }
            return;
        }
        o.container(switch (tag) {
            case "LST" -> PsObject.Container.LIST;
            case "IE" -> PsObject.Container.ENUMERABLE;
            case "STK" -> PsObject.Container.STACK;
            default -> PsObject.Container.QUEUE;
        });
        while (nextChild(tag)) {
            o.addItem(value());
        }
    }

    private void entry(PsObject o) throws XMLStreamException {
        if (!r.getLocalName().equals("En")) {
            throw error("unexpected element <" + r.getLocalName() + "> inside <DCT>, expected <En>");
        }
        PsValue key = null;
        PsValue value = null;
        while (nextChild("En")) {
            String n = required(r.getLocalName(), "N");
            if (n.equals("Key") && key == null) {
                key = value();
            } else if (n.equals("Value") && value == null) {
                value = value();
            } else {
                throw error("<En> holds an unexpected or repeated N=\"" + n + "\", expected one Key and one Value");
            }
        }
        if (key == null || value == null) {
            throw error("<En> lacks its " + (key == null ? "Key" : "Value"));
        }
        o.addEntry(key, value);
    }

    private PsObject ref() throws XMLStreamException {
        String refId = required("Ref", "RefId");
        PsObject o = objects.get(refId);
        if (o == null) {
            throw error("<Ref RefId=\"" + refId + "\"> refers to no earlier <Obj>");
        }
        empty("Ref");
        return o;
    }

    private PsSecureString secureString() throws XMLStreamException {
        String text = text("SS");
        if (cipher == null) {
            throw error("a SecureString arrived but no session key was exchanged");
        }
        char[] chars;
        try {
            chars = cipher.decrypt(PrimitiveText.trim(text));
        } catch (RuntimeException e) {
            // The cause is kept for the stack trace; the message names only its type.
            throw error("could not decrypt a SecureString (" + e.getClass().getSimpleName() + ")", e);
        }
        try {
            return new PsSecureString(Secret.of(chars));
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /**
     * A progress record (MS-PSRP 2.2.3.22 layout): read as an object of that type with one
     * extended property per field. CurrentOperation is the one child without a tag of its own.
     */
    private PsObject progressRecord() throws XMLStreamException {
        PsObject o = new PsObject().typeNames(List.of(PROGRESS_RECORD, "System.Object"));
        while (nextChild("PR")) {
            String tag = r.getLocalName();
            switch (tag) {
                case "AV" -> o.extendedProperty("Activity", prString(tag));
                case "AI" -> o.extendedProperty("ActivityId", prInt(tag));
                case "S", "Nil" -> o.extendedProperty("CurrentOperation", value());
                case "PI" -> o.extendedProperty("ParentActivityId", prInt(tag));
                case "PC" -> o.extendedProperty("PercentComplete", prInt(tag));
                case "T" -> o.extendedProperty("RecordType", prString(tag));
                case "SR" -> o.extendedProperty("SecondsRemaining", prInt(tag));
                case "SD" -> o.extendedProperty("StatusDescription", prString(tag));
                default -> throw error("unexpected element <" + tag + "> inside <PR>");
            }
        }
        return o;
    }

    private PsPrimitive prString(String tag) throws XMLStreamException {
        return PsPrimitive.string(XmlConvertDecode.decode(text(tag)));
    }

    private PsPrimitive prInt(String tag) throws XMLStreamException {
        String text = text(tag);
        try {
            return new PsPrimitive(PsType.INT32, PrimitiveText.parse(PsType.INT32, text));
        } catch (IllegalArgumentException e) {
            throw error("<" + tag + "> in <PR> holds " + quote(text) + ", " + e.getMessage());
        }
    }

    // ---- cursor helpers -----------------------------------------------------------------

    /** The text content of the current element, which must hold no child element. */
    private String text(String tag) throws XMLStreamException {
        try {
            return r.getElementText();
        } catch (XMLStreamException e) {
            // The JDK says "expects text only" when a child element came; anything else is bad XML.
            throw xmlMessage(e).contains("text only")
                    ? error("<" + tag + "> must hold only text, not elements", e)
                    : error("malformed content inside <" + tag + ">: " + xmlMessage(e), e);
        }
    }

    private void empty(String tag) throws XMLStreamException {
        if (!text(tag).isBlank()) {
            throw error("<" + tag + "> must be empty");
        }
    }

    private String attr(String name) {
        return r.getAttributeValue(null, name);
    }

    private String required(String tag, String name) {
        String v = attr(name);
        if (v == null) {
            throw error("<" + tag + "> lacks its " + name + " attribute");
        }
        return v;
    }

    CliXmlException error(String message) {
        return error(message, null);
    }

    CliXmlException error(String message, Throwable cause) {
        Location at = r.getLocation();
        String where = at == null ? "" : " (line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ")";
        return new CliXmlException("CLIXML: " + message + where, cause);
    }

    /** The parser's message without the JDK's "ParseError at [row,col]" prefix (we add our own position). */
    static String xmlMessage(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int at = m.indexOf("Message: ");
        return at >= 0 ? m.substring(at + "Message: ".length()).strip() : m.strip();
    }

    private static String quote(String text) {
        String t = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return '"' + t + '"';
    }
}
