using System.Collections.Frozen;

namespace EdgeSecurity.SubsetCheck;

/// <summary>
/// The allowlist: base-library types (by metadata name) the firmware core may use, from the "Available" part of
/// /work/shared/docs/nanoframework.md plus the exceptions and attributes the compiler and the core need.
/// A type listed with member names allows only those members (and constructors); a type listed without
/// members allows all of them, leaving parameter and return types to the other rules.
/// Anything not listed is reported as <see cref="SubsetRules.NotInSubset"/>.
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

        // Partly available: only the members nanoFramework's mscorlib has.
        ["System.String"] =
        [
            ".ctor", "Length", "Chars", "Empty", "Concat", "Format", "Split", "Substring", "IndexOf", "IndexOfAny",
            "LastIndexOf", "LastIndexOfAny", "Trim", "TrimStart", "TrimEnd", "PadLeft", "PadRight", "ToLower",
            "ToUpper", "Contains", "StartsWith", "EndsWith", "IsNullOrEmpty", "Equals", "Compare", "CompareTo",
            "ToCharArray", "GetHashCode", "ToString", "op_Equality", "op_Inequality",
        ],
        ["System.Array"] = ["Copy", "Clear", "IndexOf", "Clone", "Length", "GetLength", "Rank", "GetValue", "SetValue"],
        ["System.BitConverter"] = AllMembers,
        ["System.Convert"] =
        [
            "ToBase64String", "FromBase64String", "ToByte", "ToSByte", "ToInt16", "ToUInt16", "ToInt32", "ToUInt32",
            "ToInt64", "ToUInt64", "ToDouble", "ToChar",
        ],
        ["System.Environment"] = ["TickCount64"],
        ["System.Console"] = ["WriteLine", "Write"],

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
        ["System.Text.Encoding"] = ["UTF8", "GetBytes", "GetChars", "GetString"],
        ["System.Text.UTF8Encoding"] = ["GetBytes", "GetChars", "GetString"],
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
        ["System.Threading.EventWaitHandle"] = ["Set", "Reset"],
        ["System.Threading.AutoResetEvent"] = AllMembers,
        ["System.Threading.ManualResetEvent"] = AllMembers,
        ["System.Threading.Monitor"] = AllMembers,
        ["System.Threading.Interlocked"] = AllMembers,

        // Diagnostics.
        ["System.Diagnostics.Debug"] = ["WriteLine", "Write", "Assert"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>True when the type (by metadata name, e.g. "System.Collections.ArrayList") is on the allowlist.</summary>
    public static bool IsTypeAvailable(string metadataName) => Types.ContainsKey(metadataName);

    /// <summary>True when the member of an allowlisted type is available; false for unlisted types.</summary>
    public static bool IsMemberAvailable(string typeMetadataName, string memberName) =>
        Types.TryGetValue(typeMetadataName, out var members)
        && (members.Length == 0 || memberName == ".ctor" || Array.IndexOf(members, memberName) >= 0);
}
