// exo-bridge's fast CLIXML writer (output-batch.ps1 compiles and loads it at the first large output).
// It writes, for the shapes that dominate real output, exactly the elements PowerShell's own
// serialiser writes on our path (Serializer(XmlWriter, depth, true), the writer settings of
// output-batch.ps1): PSCustomObjects with note properties only, primitives, arrays, ArrayLists,
// hashtables and ordered dictionaries. PowerShell's serialiser spends most of its time looking up
// type data and adapters for every object; these shapes need none of that.
//
// Which objects it takes is decided before anything is written (Supported): anything else, or
// anything doubtful, goes to PowerShell's serialiser. In particular: a PSObject with any member
// beyond note properties and adapted ones (script/code/alias properties, member sets such as
// PSStandardMembers), type names other than the natural ones (a PSTypeName), a primitive wrapped
// with notes, and any object reachable twice in one document (PowerShell would write <Ref>).
// For these shapes PowerShell's serialiser does not apply the depth (note properties, list items
// and dictionary entries are written whole), so neither does this writer.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Text;
using System.Xml;

namespace ExoBridge
{
    public static class FastClixml
    {
        private const string Ns = "http://schemas.microsoft.com/powershell/2004/04";

        /// <summary>The end of the run of objects from start on that this writer takes whole, in one document.</summary>
        public static int SupportedRun(IList objects, int start)
        {
            var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
            int i = start;
            for (; i < objects.Count; i++)
            {
                var mine = new HashSet<object>(ReferenceEqualityComparer.Instance);
                if (!Supported(objects[i], seen, mine, 0))
                {
                    break;
                }
                foreach (var o in mine)
                {
                    seen.Add(o);
                }
            }
            return i;
        }

        /// <summary>The end of the run of objects from start on that this writer does not take.</summary>
        public static int UnsupportedRun(IList objects, int start)
        {
            int i = start;
            for (; i < objects.Count; i++)
            {
                if (Supported(objects[i], new HashSet<object>(ReferenceEqualityComparer.Instance), new HashSet<object>(ReferenceEqualityComparer.Instance), 0))
                {
                    break;
                }
            }
            return i;
        }

        private static bool Supported(object value, HashSet<object> seen, HashSet<object> mine, int level)
        {
            // PowerShell writes a placeholder text 50 levels below the top; well before that, it decides.
            if (level > 40)
            {
                return false;
            }
            if (value == null)
            {
                return true;
            }
            if (IsPrimitive(value))
            {
                // A bare value can carry notes and type names too (pwsh keeps them in tables
                // beside the object), and then PowerShell writes it as an object.
                return Bare != null && Bare(value);
            }
            PSObject ps = value as PSObject;
            if (ps != null)
            {
                object inner = ps.ImmediateBaseObject;
                if (inner is PSCustomObject)
                {
                    var members = Notes(ps);
                    if (members == null || !NaturalTypeNames(ps) || !Remember(ps, seen, mine))
                    {
                        return false;
                    }
                    foreach (PSMemberInfo m in members)
                    {
                        if (Reserved(m))
                        {
                            continue;
                        }
                        if (m.GetType() != typeof(PSNoteProperty) || !m.IsInstance || m.Name == null
                            || !Serializable(m) || !Supported(((PSNoteProperty)m).Value, seen, mine, level + 1))
                        {
                            return false;
                        }
                    }
                    return true;
                }
                // A primitive wrapped in a PSObject (as $_ often is): PowerShell writes it as the
                // bare primitive unless it has notes, changed type names or a ToString of its own
                // (a literal's token text); its own tests say which. Any other wrapped value: it decides.
                return inner != null && IsPrimitive(inner) && PlainWrapped(ps);
            }
            if (IsList(value))
            {
                if (!Remember(value, seen, mine))
                {
                    return false;
                }
                foreach (object item in (IEnumerable)value)
                {
                    if (!Supported(item, seen, mine, level + 1))
                    {
                        return false;
                    }
                }
                return true;
            }
            if (value is Hashtable || value is OrderedDictionary)
            {
                if (!Remember(value, seen, mine))
                {
                    return false;
                }
                foreach (DictionaryEntry e in (IDictionary)value)
                {
                    if (!Supported(e.Key, seen, mine, level + 1) || !Supported(e.Value, seen, mine, level + 1))
                    {
                        return false;
                    }
                }
                return true;
            }
            return false;
        }

        private static bool Remember(object o, HashSet<object> seen, HashSet<object> mine)
        {
            if (seen.Contains(o) || mine.Contains(o))
            {
                return false;
            }
            mine.Add(o);
            return true;
        }

        private static bool IsList(object value)
        {
            Type t = value.GetType();
            if (t == typeof(ArrayList))
            {
                return true;
            }
            if (!t.IsArray || t.GetArrayRank() != 1 || t == typeof(byte[]))
            {
                return false;
            }
            Type e = t.GetElementType();
            return e == typeof(object) || e == typeof(string) || e == typeof(int) || e == typeof(long) || e == typeof(bool)
                || e == typeof(double) || e == typeof(PSObject);
        }

        private static bool IsPrimitive(object v)
        {
            return v is string || v is bool || v is int || v is long || v is double || v is DateTime || v is Guid
                || v is byte || v is sbyte || v is short || v is ushort || v is uint || v is ulong || v is float
                || v is decimal || v is TimeSpan || v is byte[] || v is char || v is Uri || v is Version;
        }

        // A PSCustomObject's instance members, which is what PowerShell writes for it (with the
        // members type data adds, which output-batch.ps1 makes sure there are none of). Read
        // through the internal property because the public Members and Properties views add
        // members of their own to the object (psobject, psbase...), and such an object, when it
        // then goes to PowerShell's serialiser, may come out differently.
        private static readonly Func<PSObject, PSMemberInfoCollection<PSMemberInfo>> InstanceMembers = Members();

        private static Func<PSObject, PSMemberInfoCollection<PSMemberInfo>> Members()
        {
            try
            {
                var getter = typeof(PSObject).GetProperty("InstanceMembers",
                    System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)?.GetGetMethod(true);
                return getter == null ? null
                    : (Func<PSObject, PSMemberInfoCollection<PSMemberInfo>>)Delegate.CreateDelegate(
                        typeof(Func<PSObject, PSMemberInfoCollection<PSMemberInfo>>), getter);
            }
            catch (Exception)
            {
                return null;
            }
        }

        // The member sets pwsh adds to an object itself once its psobject, psbase... are asked for
        // (hidden, never serialised); PowerShell's serialiser skips them, so does this writer.
        private static readonly Func<PSMemberInfo, bool> IsReservedMember = Flag("IsReservedMember");
        private static readonly Func<PSMemberInfo, bool> ShouldSerialize = Flag("ShouldSerialize");

        private static Func<PSMemberInfo, bool> Flag(string name)
        {
            try
            {
                var getter = typeof(PSMemberInfo).GetProperty(name,
                    System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)?.GetGetMethod(true);
                return getter == null || getter.ReturnType != typeof(bool) ? null
                    : (Func<PSMemberInfo, bool>)Delegate.CreateDelegate(typeof(Func<PSMemberInfo, bool>), getter);
            }
            catch (Exception)
            {
                return null;
            }
        }

        private static bool Reserved(PSMemberInfo m)
        {
            return IsReservedMember != null && ShouldSerialize != null && IsReservedMember(m) && !ShouldSerialize(m)
                && (m is PSMemberSet || m is PSCodeProperty);
        }

        private static bool Serializable(PSMemberInfo m)
        {
            return ShouldSerialize != null && ShouldSerialize(m);
        }

        private static PSMemberInfoCollection<PSMemberInfo> Notes(PSObject ps)
        {
            return InstanceMembers == null ? null : InstanceMembers(ps);
        }

        // PSCustomObject's own type names; an added PSTypeName would bring type data and another TN.
        private static bool NaturalTypeNames(PSObject ps)
        {
            var names = ps.TypeNames;
            return names.Count == 2 && names[0] == "System.Management.Automation.PSCustomObject" && names[1] == "System.Object";
        }

        // PowerShell's serialiser's own tests for a wrapped primitive (internal methods, found once
        // by name); should a pwsh lack one of them, every wrapped value goes to that serialiser.
        private static readonly Func<PSObject, bool> HasNotes = Test<bool>("System.Management.Automation.InternalSerializer", "PSObjectHasNotes");
        private static readonly Func<PSObject, bool> HasModifiedTypes = Test<bool>("System.Management.Automation.InternalSerializer", "PSObjectHasModifiedTypesCollection");
        private static readonly Func<PSObject, string> OwnToString = Test<string>("System.Management.Automation.SerializationUtilities", "GetToStringForPrimitiveObject");

        private static Func<PSObject, T> Test<T>(string type, string method)
        {
            try
            {
                var m = typeof(PSObject).Assembly.GetType(type)?.GetMethod(method,
                    System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static,
                    null, new[] { typeof(PSObject) }, null);
                return m != null && m.ReturnType == typeof(T) ? (Func<PSObject, T>)Delegate.CreateDelegate(typeof(Func<PSObject, T>), m) : null;
            }
            catch (Exception)
            {
                return null;
            }
        }

        // Whether pwsh keeps no notes (PSObject.HasInstanceMembers) and no type names
        // (PSObject.HasInstanceTypeName) beside a bare value: its internal lookups, which add
        // nothing, compiled once; without them every bare value goes to PowerShell's serialiser.
        private static readonly Func<object, bool> Bare = BareTest();

        private static Func<object, bool> BareTest()
        {
            try
            {
                var flags = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static;
                var members = typeof(PSObject).GetMethod("HasInstanceMembers", flags);
                var names = typeof(PSObject).GetMethod("HasInstanceTypeName", flags);
                if (members == null || names == null || members.ReturnType != typeof(bool) || names.ReturnType != typeof(bool)
                    || members.GetParameters().Length != 2 || names.GetParameters().Length != 2)
                {
                    return null;
                }
                var o = System.Linq.Expressions.Expression.Parameter(typeof(object), "o");
                var m = System.Linq.Expressions.Expression.Variable(members.GetParameters()[1].ParameterType.GetElementType(), "m");
                var n = System.Linq.Expressions.Expression.Variable(names.GetParameters()[1].ParameterType.GetElementType(), "n");
                var body = System.Linq.Expressions.Expression.Block(new[] { m, n },
                    System.Linq.Expressions.Expression.AndAlso(
                        System.Linq.Expressions.Expression.Not(System.Linq.Expressions.Expression.Call(members, o, m)),
                        System.Linq.Expressions.Expression.Not(System.Linq.Expressions.Expression.Call(names, o, n))));
                return System.Linq.Expressions.Expression.Lambda<Func<object, bool>>(body, o).Compile();
            }
            catch (Exception)
            {
                return null;
            }
        }

        private static bool PlainWrapped(PSObject ps)
        {
            if (HasNotes == null || HasModifiedTypes == null || OwnToString == null)
            {
                return false;
            }
            try
            {
                return !HasNotes(ps) && !HasModifiedTypes(ps) && OwnToString(ps) == null;
            }
            catch (Exception)
            {
                return false;
            }
        }

        private static long _written;

        /// <summary>How many top-level objects this writer has written in this process (for tests and diagnostics).</summary>
        public static long Written
        {
            get { return System.Threading.Interlocked.Read(ref _written); }
        }

        /// <summary>Writes objects (a List of objects that SupportedRun took whole) as one document.</summary>
        public static void Write(XmlWriter w, IList objects)
        {
            System.Threading.Interlocked.Add(ref _written, objects.Count);
            var state = new State(w);
            w.WriteStartElement("Objs", Ns);
            w.WriteAttributeString("Version", "1.1.0.1");
            state.Value(objects, null);
            w.WriteEndElement();
            w.Flush();
        }

        private sealed class State
        {
            private readonly XmlWriter _w;
            private readonly Dictionary<string, int> _typeNames = new Dictionary<string, int>();
            private int _refIds;

            internal State(XmlWriter w)
            {
                _w = w;
            }

            internal void Value(object value, string name)
            {
                if (value == null)
                {
                    Start("Nil", name);
                    _w.WriteEndElement();
                    return;
                }
                PSObject ps = value as PSObject;
                if (ps != null)
                {
                    if (ps.ImmediateBaseObject is PSCustomObject)
                    {
                        Custom(ps, name);
                        return;
                    }
                    value = ps.ImmediateBaseObject;
                }
                if (Primitive(value, name))
                {
                    return;
                }
                if (value is IDictionary)
                {
                    StartObj(name, TypeChain(value.GetType()));
                    _w.WriteStartElement("DCT", Ns);
                    foreach (DictionaryEntry e in (IDictionary)value)
                    {
                        _w.WriteStartElement("En", Ns);
                        Value(e.Key, "Key");
                        Value(e.Value, "Value");
                        _w.WriteEndElement();
                    }
                    _w.WriteEndElement();
                    _w.WriteEndElement();
                    return;
                }
                StartObj(name, TypeChain(value.GetType()));
                _w.WriteStartElement("LST", Ns);
                foreach (object item in (IEnumerable)value)
                {
                    Value(item, null);
                }
                _w.WriteEndElement();
                _w.WriteEndElement();
            }

            private void Custom(PSObject ps, string name)
            {
                StartObj(name, "System.Management.Automation.PSCustomObject\0System.Object");
                bool any = false;
                foreach (PSMemberInfo m in Notes(ps))
                {
                    if (Reserved(m))
                    {
                        continue;
                    }
                    if (!any)
                    {
                        _w.WriteStartElement("MS", Ns);
                        any = true;
                    }
                    Value(((PSNoteProperty)m).Value, m.Name);
                }
                if (any)
                {
                    _w.WriteEndElement();
                }
                _w.WriteEndElement();
            }

            private static string TypeChain(Type type)
            {
                var sb = new StringBuilder();
                for (Type t = type; t != null; t = t.BaseType)
                {
                    if (sb.Length > 0)
                    {
                        sb.Append('\0');
                    }
                    sb.Append(t.FullName);
                }
                return sb.ToString();
            }

            private void StartObj(string name, string typeNames)
            {
                Start("Obj", name);
                _w.WriteAttributeString("RefId", (_refIds++).ToString(CultureInfo.InvariantCulture));
                int known;
                if (_typeNames.TryGetValue(typeNames, out known))
                {
                    _w.WriteStartElement("TNRef", Ns);
                    _w.WriteAttributeString("RefId", known.ToString(CultureInfo.InvariantCulture));
                    _w.WriteEndElement();
                    return;
                }
                known = _typeNames.Count;
                _typeNames.Add(typeNames, known);
                _w.WriteStartElement("TN", Ns);
                _w.WriteAttributeString("RefId", known.ToString(CultureInfo.InvariantCulture));
                foreach (string t in typeNames.Split('\0'))
                {
                    _w.WriteStartElement("T", Ns);
                    _w.WriteString(Encode(t));
                    _w.WriteEndElement();
                }
                _w.WriteEndElement();
            }

            private void Start(string tag, string name)
            {
                _w.WriteStartElement(tag, Ns);
                if (name != null)
                {
                    _w.WriteAttributeString("N", Encode(name));
                }
            }

            private void Element(string tag, string name, string text)
            {
                Start(tag, name);
                _w.WriteString(text);
                _w.WriteEndElement();
            }

            // PowerShell writes no text at all for an empty byte array (<BA />).
            private void Bytes(byte[] ba, string name)
            {
                Start("BA", name);
                if (ba.Length > 0)
                {
                    _w.WriteString(Convert.ToBase64String(ba));
                }
                _w.WriteEndElement();
            }

            private bool Primitive(object v, string name)
            {
                switch (v)
                {
                    case string s: Element("S", name, Encode(s)); return true;
                    case int i: Element("I32", name, XmlConvert.ToString(i)); return true;
                    case long l: Element("I64", name, XmlConvert.ToString(l)); return true;
                    case bool b: Element("B", name, XmlConvert.ToString(b)); return true;
                    case double d: Element("Db", name, XmlConvert.ToString(d)); return true;
                    case DateTime dt: Element("DT", name, XmlConvert.ToString(dt, XmlDateTimeSerializationMode.RoundtripKind)); return true;
                    case Guid g: Element("G", name, g.ToString()); return true;
                    case byte by: Element("By", name, XmlConvert.ToString(by)); return true;
                    case sbyte sb: Element("SB", name, XmlConvert.ToString(sb)); return true;
                    case short i16: Element("I16", name, XmlConvert.ToString(i16)); return true;
                    case ushort u16: Element("U16", name, XmlConvert.ToString(u16)); return true;
                    case uint u32: Element("U32", name, XmlConvert.ToString(u32)); return true;
                    case ulong u64: Element("U64", name, XmlConvert.ToString(u64)); return true;
                    case float f: Element("Sg", name, XmlConvert.ToString(f)); return true;
                    case decimal m: Element("D", name, XmlConvert.ToString(m)); return true;
                    case TimeSpan ts: Element("TS", name, XmlConvert.ToString(ts)); return true;
                    case byte[] ba: Bytes(ba, name); return true;
                    case char c: Element("C", name, ((int)c).ToString(CultureInfo.InvariantCulture)); return true;
                    case Uri u: Element("URI", name, Encode(u.ToString())); return true;
                    case Version ver: Element("Version", name, ver.ToString()); return true;
                    default: return false;
                }
            }
        }

        // PowerShell's escaping of text: controls (0x00-0x1F, 0x7F-0x9F), every surrogate, and an
        // underscore before x or X become _xHHHH_.
        internal static string Encode(string s)
        {
            StringBuilder sb = null;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                bool escape = c <= 0x1F || (c >= 0x7F && c <= 0x9F) || (c >= 0xD800 && c <= 0xDFFF)
                    || (c == '_' && i + 1 < s.Length && (s[i + 1] == 'x' || s[i + 1] == 'X'));
                if (escape && sb == null)
                {
                    sb = new StringBuilder(s.Length + 16);
                    sb.Append(s, 0, i);
                }
                if (sb == null)
                {
                    continue;
                }
                if (escape)
                {
                    sb.Append("_x").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append('_');
                }
                else
                {
                    sb.Append(c);
                }
            }
            return sb == null ? s : sb.ToString();
        }
    }
}
