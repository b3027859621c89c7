using System.Collections.Frozen;

namespace EdgeSecurity.SubsetCheck;

/// <summary>
/// The allowlist: base-library types (by metadata name) the firmware core may use, with the exceptions and
/// attributes the compiler and the core need. A type listed with members allows exactly those: methods and
/// constructors by signature (<c>Name(System.Int32,System.Byte[])</c>, as <see cref="SymbolNames.Signature"/>
/// writes them), properties, fields and events by name; the lists are the public members of nanoFramework's
/// own assemblies (mscorlib 1.17.11, nanoFramework.System.Text 1.3.42, nanoFramework.Runtime.Native 1.7.11),
/// and a test checks every one against those assemblies. A type listed without members allows all of them,
/// leaving parameter and return types to the other rules. Anything not listed is reported as
/// <see cref="SubsetRules.NotInSubset"/>. This is the check for machines without the nanoFramework
/// toolchain; where it exists, the compile against the real assemblies is the authority (decision 73).
/// </summary>
internal static class AvailableSurface
{
    private static readonly string[] AllMembers = [];

    private static readonly FrozenDictionary<string, string[]> Types = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        // Primitives and the core value types.
        ["System.Object"] = AllMembers,
        ["System.ValueType"] = AllMembers,
        ["System.Enum"] = AllMembers,
        ["System.Void"] = AllMembers,
        ["System.Boolean"] = AllMembers,
        ["System.Char"] = AllMembers,
        ["System.SByte"] = AllMembers,
        ["System.Byte"] = AllMembers,
        ["System.Int16"] = AllMembers,
        ["System.UInt16"] = AllMembers,
        ["System.Int32"] = AllMembers,
        ["System.UInt32"] = AllMembers,
        ["System.Int64"] = AllMembers,
        ["System.UInt64"] = AllMembers,
        ["System.Single"] = AllMembers,
        ["System.Double"] = AllMembers,
        ["System.Guid"] = AllMembers,
        ["System.DateTime"] = AllMembers,
        ["System.DateTimeKind"] = AllMembers,
        ["System.DayOfWeek"] = AllMembers,
        ["System.TimeSpan"] = AllMembers,
        ["System.Version"] = AllMembers,
        ["System.Random"] = AllMembers,
        ["System.Math"] = AllMembers,
        ["System.Type"] = AllMembers,
        ["System.Reflection.MemberInfo"] = ["Name", "DeclaringType"],
        ["System.Delegate"] = AllMembers,
        ["System.MulticastDelegate"] = AllMembers,
        ["System.EventArgs"] = AllMembers,
        ["System.EventHandler"] = AllMembers,
        ["System.IDisposable"] = AllMembers,
        ["System.ICloneable"] = AllMembers,
        ["System.IComparable"] = AllMembers,
        ["System.IFormatProvider"] = AllMembers,
        ["System.IFormattable"] = AllMembers,
        ["System.Base64FormattingOptions"] = AllMembers,

        // Partly available: exactly the public members nanoFramework's assemblies have.
        ["System.String"] =
        [
            ".ctor(System.Char[],System.Int32,System.Int32)", ".ctor(System.Char[])", ".ctor(System.Char,System.Int32)",
            "Length", "Chars", "Empty",
            "Equals(System.Object)", "Equals(System.String,System.String)", "op_Equality(System.String,System.String)",
            "op_Inequality(System.String,System.String)", "ToCharArray()", "ToCharArray(System.Int32,System.Int32)",
            "Split(System.Char[])", "Split(System.Char[],System.Int32)", "Substring(System.Int32)", "Substring(System.Int32,System.Int32)",
            "Trim()", "Trim(System.Char[])", "TrimStart(System.Char[])", "TrimEnd(System.Char[])",
            "Compare(System.String,System.String)", "CompareTo(System.Object)", "CompareTo(System.String)",
            "IndexOf(System.Char)", "IndexOf(System.Char,System.Int32)", "IndexOf(System.Char,System.Int32,System.Int32)",
            "IndexOf(System.String)", "IndexOf(System.String,System.Int32)", "IndexOf(System.String,System.Int32,System.Int32)",
            "IndexOfAny(System.Char[])", "IndexOfAny(System.Char[],System.Int32)", "IndexOfAny(System.Char[],System.Int32,System.Int32)",
            "LastIndexOf(System.Char)", "LastIndexOf(System.Char,System.Int32)", "LastIndexOf(System.Char,System.Int32,System.Int32)",
            "LastIndexOf(System.String)", "LastIndexOf(System.String,System.Int32)", "LastIndexOf(System.String,System.Int32,System.Int32)",
            "LastIndexOfAny(System.Char[])", "LastIndexOfAny(System.Char[],System.Int32)", "LastIndexOfAny(System.Char[],System.Int32,System.Int32)",
            "ToLower()", "ToUpper()", "ToString()",
            "Concat(System.Object)", "Concat(System.Object,System.Object)", "Concat(System.Object,System.Object,System.Object)",
            "Concat(System.Object[])", "Concat(System.String,System.String)", "Concat(System.String,System.String,System.String)",
            "Concat(System.String,System.String,System.String,System.String)", "Concat(System.String[])",
            "Format(System.String,System.Object[])", "PadLeft(System.Int32,System.Char)", "PadRight(System.Int32,System.Char)",
            "IsNullOrEmpty(System.String)", "Contains(System.String)", "StartsWith(System.String)", "EndsWith(System.String)",
        ],
        ["System.Array"] =
        [
            "Copy(System.Array,System.Array,System.Int32)", "Copy(System.Array,System.Int32,System.Array,System.Int32,System.Int32)",
            "Clear(System.Array,System.Int32,System.Int32)", "GetValue(System.Int32)", "Clone()", "CopyTo(System.Array,System.Int32)",
            "IndexOf(System.Array,System.Object)", "IndexOf(System.Array,System.Object,System.Int32)",
            "IndexOf(System.Array,System.Object,System.Int32,System.Int32)", "Length",
        ],
        ["System.BitConverter"] = AllMembers,
        ["System.Convert"] =
        [
            "ToBoolean(System.Byte)", "ToChar(System.UInt16)", "ToByte(System.Boolean)",
            "ToSByte(System.String,System.Int32)", "ToByte(System.String,System.Int32)", "ToInt16(System.String,System.Int32)",
            "ToUInt16(System.String,System.Int32)", "ToInt32(System.String,System.Int32)", "ToUInt32(System.String,System.Int32)",
            "ToInt64(System.String,System.Int32)", "ToUInt64(System.String,System.Int32)", "ToDouble(System.String)",
            "ToBase64String(System.Byte[])", "ToBase64String(System.Byte[],System.Int32,System.Int32)",
            "FromBase64String(System.String)", "FromBase64CharArray(System.Char[],System.Int32,System.Int32)",
        ],
        ["System.Environment"] = ["TickCount64"],
        ["System.Console"] = ["Write(System.String)", "WriteLine()", "WriteLine(System.String)"],

        // Exceptions.
        ["System.Exception"] = AllMembers,
        ["System.SystemException"] = AllMembers,
        ["System.ApplicationException"] = AllMembers,
        ["System.ArgumentException"] = AllMembers,
        ["System.ArgumentNullException"] = AllMembers,
        ["System.ArgumentOutOfRangeException"] = AllMembers,
        ["System.FormatException"] = AllMembers,
        ["System.IndexOutOfRangeException"] = AllMembers,
        ["System.InvalidCastException"] = AllMembers,
        ["System.InvalidOperationException"] = AllMembers,
        ["System.NotImplementedException"] = AllMembers,
        ["System.NotSupportedException"] = AllMembers,
        ["System.NullReferenceException"] = AllMembers,
        ["System.ObjectDisposedException"] = AllMembers,
        ["System.OutOfMemoryException"] = AllMembers,
        ["System.PlatformNotSupportedException"] = AllMembers,
        ["System.TimeoutException"] = AllMembers,
        ["System.IO.IOException"] = AllMembers,

        // Attributes the compiler or the core may need.
        ["System.Attribute"] = AllMembers,
        ["System.AttributeUsageAttribute"] = AllMembers,
        ["System.AttributeTargets"] = AllMembers,
        ["System.FlagsAttribute"] = AllMembers,
        ["System.ObsoleteAttribute"] = AllMembers,
        ["System.CLSCompliantAttribute"] = AllMembers,
        ["System.ParamArrayAttribute"] = AllMembers,
        ["System.NonSerializedAttribute"] = AllMembers,
        ["System.SerializableAttribute"] = AllMembers,
        ["System.Diagnostics.ConditionalAttribute"] = AllMembers,
        ["System.Runtime.CompilerServices.ExtensionAttribute"] = AllMembers,
        ["System.Runtime.CompilerServices.MethodImplAttribute"] = AllMembers,
        ["System.Runtime.CompilerServices.MethodImplOptions"] = AllMembers,

        // Non-generic collections (mscorlib and nanoFramework.System.Collections).
        ["System.Collections.ArrayList"] = AllMembers,
        ["System.Collections.Hashtable"] = AllMembers,
        ["System.Collections.Queue"] = AllMembers,
        ["System.Collections.Stack"] = AllMembers,
        ["System.Collections.DictionaryEntry"] = AllMembers,
        ["System.Collections.ICollection"] = AllMembers,
        ["System.Collections.IComparer"] = AllMembers,
        ["System.Collections.IDictionary"] = AllMembers,
        ["System.Collections.IDictionaryEnumerator"] = AllMembers,
        ["System.Collections.IEnumerable"] = AllMembers,
        ["System.Collections.IEnumerator"] = AllMembers,
        ["System.Collections.IEqualityComparer"] = AllMembers,
        ["System.Collections.IList"] = AllMembers,

        // Text and streams (nanoFramework.System.Text, nanoFramework.System.IO.Streams).
        ["System.Text.StringBuilder"] = AllMembers,
        ["System.Text.Encoding"] =
        [
            "UTF8", "GetBytes(System.String)", "GetBytes(System.String,System.Int32,System.Int32,System.Byte[],System.Int32)",
            "GetChars(System.Byte[])", "GetChars(System.Byte[],System.Int32,System.Int32)", "GetString(System.Byte[],System.Int32,System.Int32)",
        ],
        ["System.Text.UTF8Encoding"] =
        [
            ".ctor()", "GetBytes(System.String)", "GetBytes(System.String,System.Int32,System.Int32,System.Byte[],System.Int32)",
            "GetChars(System.Byte[])", "GetChars(System.Byte[],System.Int32,System.Int32)",
        ],
        ["System.IO.Stream"] = AllMembers,
        ["System.IO.MemoryStream"] = AllMembers,
        ["System.IO.SeekOrigin"] = AllMembers,

        // Threading.
        ["System.Threading.Thread"] = AllMembers,
        ["System.Threading.ThreadStart"] = AllMembers,
        ["System.Threading.ThreadPriority"] = AllMembers,
        ["System.Threading.ThreadState"] = AllMembers,
        ["System.Threading.Timer"] = AllMembers,
        ["System.Threading.TimerCallback"] = AllMembers,
        ["System.Threading.Timeout"] = AllMembers,
        ["System.Threading.WaitHandle"] = AllMembers,

        // .NET puts Set/Reset on EventWaitHandle; nanoFramework has them on AutoResetEvent/ManualResetEvent, same source.
        ["System.Threading.EventWaitHandle"] = ["Set()", "Reset()"],
        ["System.Threading.AutoResetEvent"] = AllMembers,
        ["System.Threading.ManualResetEvent"] = AllMembers,
        ["System.Threading.Monitor"] = AllMembers,
        ["System.Threading.Interlocked"] = AllMembers,

        // Diagnostics.
        ["System.Diagnostics.Debug"] =
        [
            "Assert(System.Boolean)", "Assert(System.Boolean,System.String)", "Assert(System.Boolean,System.String,System.String)",
            "Write(System.String)", "WriteLine()", "WriteLine(System.String)",
        ],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Overloads .NET binds where the same source binds to a listed nanoFramework member on the device (an
    /// optional or params parameter there): .NET signature → the device member it stands for. Accepted as the
    /// member they stand for; the test against nanoFramework's assemblies checks the right-hand sides.
    /// </summary>
    private static readonly FrozenDictionary<string, string> SourceAliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["System.String|Split(System.Char,System.StringSplitOptions)"] = "Split(System.Char[])",
        ["System.String|Trim(System.Char)"] = "Trim(System.Char[])",
        ["System.String|TrimStart(System.Char)"] = "TrimStart(System.Char[])",
        ["System.String|TrimEnd(System.Char)"] = "TrimEnd(System.Char[])",
        ["System.String|Equals(System.String)"] = "Equals(System.Object)",
        ["System.String|GetHashCode()"] = "GetHashCode()",
        ["System.String|Format(System.String,System.Object)"] = "Format(System.String,System.Object[])",
        ["System.String|Format(System.String,System.Object,System.Object)"] = "Format(System.String,System.Object[])",
        ["System.String|Format(System.String,System.Object,System.Object,System.Object)"] = "Format(System.String,System.Object[])",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>True when the type (by metadata name, e.g. "System.Collections.ArrayList") is on the allowlist.</summary>
    public static bool IsTypeAvailable(string metadataName) => Types.ContainsKey(metadataName);

    /// <summary>
    /// True when the member of an allowlisted type is available: <paramref name="signature"/> as
    /// <see cref="SymbolNames.Signature"/> writes it. False for unlisted types.
    /// </summary>
    public static bool IsMemberAvailable(string typeMetadataName, string signature)
    {
        if (!Types.TryGetValue(typeMetadataName, out var members))
        {
            return false;
        }

        if (members.Length == 0 || Array.IndexOf(members, signature) >= 0)
        {
            return true;
        }

        return SourceAliases.ContainsKey(typeMetadataName + "|" + signature);
    }

    /// <summary>
    /// Every listed member with the nanoFramework type that declares it, and the device members the aliases
    /// stand for, for the test against nanoFramework's assemblies (EventWaitHandle's Set/Reset are declared on
    /// AutoResetEvent and ManualResetEvent there).
    /// </summary>
    public static IEnumerable<(string Type, string Member)> ListedMembers() =>
        Types.Where(t => t.Value.Length > 0).SelectMany(t => t.Value.Select(m => (DeviceType(t.Key), m)))
            .Concat(SourceAliases.Select(a => (DeviceType(a.Key[..a.Key.IndexOf('|', StringComparison.Ordinal)]), a.Value)));

    private static string DeviceType(string type) =>
        type == "System.Threading.EventWaitHandle" ? "System.Threading.AutoResetEvent" : type;
}
