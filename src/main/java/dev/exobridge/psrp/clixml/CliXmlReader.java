package dev.exobridge.psrp.clixml;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads CLIXML (MS-PSRP 2.2.5) into {@link PsValue}s: a PSRP message body (one element, such as
 * {@code <Obj RefId="0">...</Obj>} or {@code <I32>1</I32>}) with {@link #read(String)}, or a
 * {@code <Objs>} document as {@code PSSerializer.Serialize} writes it with
 * {@link #readObjs(String)}.
 *
 * <p>What it accepts: every primitive of {@link PsType}, {@code <SS>} (decrypted with the
 * cipher), {@code <Nil/>}, {@code <Obj>} with {@code <TN>}/{@code <TNRef>}, {@code <ToString>},
 * {@code <Props>}, {@code <MS>}, one collection ({@code <LST>}, {@code <IE>}, {@code <STK>},
 * {@code <QUE>}, {@code <DCT>} of {@code <En>}) and one primitive base value, {@code <Ref>},
 * and {@code <PR>} (a progress record, read as an object with one extended property per field).
 * Element names are matched without their namespace, since message bodies carry none and
 * {@code <Objs>} documents do. Strings, URIs, XML documents, script blocks, ToString, type names
 * and property names have their {@code _xHHHH_} escapes decoded as .NET does.
 *
 * <p>Defaults and limits: DTDs and external entities are refused; elements may nest at most
 * {@value #MAX_NESTING} values deep (a guard against stack exhaustion); RefIds are resolved
 * within one call. Anything malformed raises a {@link CliXmlException} naming the element and
 * the line and column, and nothing else escapes.
 *
 * <p>Thread-safe: an instance holds only the cipher, and each call reads on its own.
 */
public final class CliXmlReader {
    /**
     * The deepest nesting of values accepted: beyond any serialisation depth pwsh is asked for
     * (ConvertTo-Json stops at 100), and shallow enough for a small thread stack.
     */
    public static final int MAX_NESTING = 256;

    private static final XMLInputFactory FACTORY = newFactory();

    private final SecureStringCipher cipher;

    /**
     * @param cipher decrypts {@code <SS>} with the session key; {@code null} when no key was
     *               exchanged, in which case a SecureString raises a {@link CliXmlException}
     */
    public CliXmlReader(SecureStringCipher cipher) {
        this.cipher = cipher;
    }

    /**
     * The value of a document holding exactly one element (a leading U+FEFF is skipped). RefIds
     * are resolved within the document.
     *
     * @throws CliXmlException when the document is malformed or holds more than one element
     */
    public PsValue read(String xml) {
        Objects.requireNonNull(xml, "xml");
        XMLStreamReader r = open(xml);
        try {
            CliXmlParse p = new CliXmlParse(r, cipher, MAX_NESTING);
            try {
                p.root();
                PsValue v = p.value();
                p.end();
                return v;
            } catch (XMLStreamException | RuntimeException | StackOverflowError e) {
                throw wrap(p, e);
            }
        } finally {
            close(r);
        }
    }

    /**
     * Every top-level child of an {@code <Objs>} document (as {@code PSSerializer.Serialize}
     * writes it, namespace and all), in order.
     *
     * @throws CliXmlException when the document is malformed or its root is not {@code <Objs>}
     */
    public List<PsValue> readObjs(String xml) {
        List<PsValue> values = new ArrayList<>();
        readObjs(xml, values::add);
        return values;
    }

    /**
     * Hands each top-level child of an {@code <Objs>} document to {@code sink} as soon as it is
     * read. RefIds are resolved across the whole document, so every object with a RefId stays
     * reachable until the call returns (a later {@code <Ref>} may name it): memory grows with the
     * document, which is one batch. When the document turns out malformed, the values before the
     * fault have already been handed over and a {@link CliXmlException} follows; an exception
     * thrown by {@code sink} propagates unchanged and ends the reading.
     */
    public void readObjs(String xml, Consumer<PsValue> sink) {
        Objects.requireNonNull(xml, "xml");
        Objects.requireNonNull(sink, "sink");
        XMLStreamReader r = open(xml);
        try {
            CliXmlParse p = new CliXmlParse(r, cipher, MAX_NESTING);
            try {
                String root = p.root();
                if (!root.equals("Objs")) {
                    throw p.error("expected an <Objs> document, found <" + root + ">");
                }
            } catch (XMLStreamException | RuntimeException e) {
                throw wrap(p, e);
            }
            while (true) {
                PsValue v;
                try {
                    if (!p.nextChild("Objs")) {
                        p.end();
                        return;
                    }
                    v = p.value();
                } catch (XMLStreamException | RuntimeException | StackOverflowError e) {
                    throw wrap(p, e);
                }
                sink.accept(v);
            }
        } finally {
            close(r);
        }
    }

    /**
     * The SecureString form of documents that pwsh's {@code PSSerializer.Serialize} writes in
     * process, where no session key exists: the hex digits of the text's UTF-16LE bytes, in the
     * clear ({@code <SS>70007700</SS>} is "pw"). Pass it to the constructor only for such
     * documents (output serialised in batches inside pwsh); the secret crossed the pipe unencrypted
     * already, so this cipher adds no secrecy, it only lets such a document be read.
     */
    public static SecureStringCipher serializerHexCipher() {
        return SerializerHex.INSTANCE;
    }

    private enum SerializerHex implements SecureStringCipher {
        INSTANCE;

        private static final char[] HEX = "0123456789abcdef".toCharArray();

        @Override
        public String encrypt(char[] text) {
            StringBuilder sb = new StringBuilder(text.length * 4);
            for (char c : text) {
                sb.append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]).append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF]);
            }
            return sb.toString();
        }

        @Override
        public char[] decrypt(String hex) {
            if (hex.length() % 4 != 0) {
                throw new IllegalArgumentException("the hex form of a SecureString has 4 digits a character");
            }
            char[] text = new char[hex.length() / 4];
            for (int i = 0; i < text.length; i++) {
                int at = 4 * i;
                text[i] = (char) (digit(hex, at + 2) << 12 | digit(hex, at + 3) << 8 | digit(hex, at) << 4 | digit(hex, at + 1));
            }
            return text;
        }

        private static int digit(String hex, int at) {
            int d = Character.digit(hex.charAt(at), 16);
            if (d < 0 || hex.charAt(at) > 'f') {
                throw new IllegalArgumentException("not a hex digit at " + at);
            }
            return d;
        }
    }

    private static XMLStreamReader open(String xml) {
        // A BOM may precede a message body; the XML parser takes it only at the start of bytes.
        StringReader in = new StringReader(nonCharacterReferencesEscaped(xml.startsWith("\uFEFF") ? xml.substring(1) : xml));
        try {
            return FACTORY.createXMLStreamReader(in);
        } catch (XMLStreamException | RuntimeException e) {
            throw new CliXmlException("CLIXML: cannot start reading: " + e.getMessage(), e);
        }
    }

    /**
     * {@code xml} with the character references to U+FFFE and U+FFFF written as XmlConvert escapes
     * ({@code _xFFFE_}). pwsh's serialiser escapes the other characters XML cannot hold (control
     * characters, lone surrogates) that way itself, but writes these two as references, which XML
     * 1.0 forbids and the JDK's parser refuses (PowerShell reads its XML without that check): a
     * string holding one broke the whole message, and the session with it. They occur only in
     * text the reader decodes with {@link XmlConvertDecode} (strings, names, ToString), where the
     * escape gives the same character back, and a literal {@code _x} in such text reaches us
     * escaped itself ({@code _x005F_x}), so the rewrite cannot meet one.
     */
    static String nonCharacterReferencesEscaped(String xml) {
        int at = xml.indexOf("&#");
        if (at < 0) {
            return xml;
        }
        StringBuilder out = null;
        int copied = 0;
        for (; at >= 0; at = xml.indexOf("&#", at + 2)) {
            int end = xml.indexOf(';', at);
            if (end < 0 || end - at > 10) {
                continue;
            }
            String ref = xml.substring(at + 2, end);
            int code;
            try {
                code = ref.startsWith("x") || ref.startsWith("X") ? Integer.parseInt(ref.substring(1), 16) : Integer.parseInt(ref);
            } catch (NumberFormatException e) {
                continue; // not a reference we change: the parser judges it
            }
            if (code != 0xFFFE && code != 0xFFFF) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(xml.length() + 16);
            }
            out.append(xml, copied, at).append(code == 0xFFFE ? "_xFFFE_" : "_xFFFF_");
            copied = end + 1;
        }
        return out == null ? xml : out.append(xml, copied, xml.length()).toString();
    }

    /**
     * Our own exceptions pass; the XML parser's (and any surprise) become a CliXmlException. A
     * stack overflow is caught too, as a last guard behind MAX_NESTING for threads with tiny
     * stacks: reading is pure, so nothing is left half-changed when the stack unwinds.
     */
    private static CliXmlException wrap(CliXmlParse p, Throwable e) {
        if (e instanceof CliXmlException c) {
            return c;
        }
        if (e instanceof StackOverflowError) {
            return p.error("elements nested too deeply for this thread's stack");
        }
        return p.error("malformed XML: " + CliXmlParse.xmlMessage(e), e);
    }

    private static void close(XMLStreamReader r) {
        try {
            r.close();
        } catch (XMLStreamException ignored) {
            // Reading a string holds no resource worth reporting.
        }
    }

    private static XMLInputFactory newFactory() {
        // The JDK's own implementation, whatever else is on the class path. Creating readers from
        // it is thread-safe once configured; it is configured here and never again.
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f;
    }
}
