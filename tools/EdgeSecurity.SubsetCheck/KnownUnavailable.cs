using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace EdgeSecurity.SubsetCheck;

/// <summary>
/// The things nanoFramework 1.x is known to lack (not in mscorlib 1.17.11 or the class libraries the app uses), each with a message that
/// says what to use instead. These run before the generic and allowlist rules so a finding names the real reason.
/// </summary>
internal static class KnownUnavailable
{
    private const string SpanHint = "pass a byte[] with an offset and a count";

    /// <summary>A namespace that does not exist on nanoFramework 1.x (so a using of it fails there too).</summary>
    public static Finding? Namespace(string space)
    {
        if (space.Length == 0)
        {
            return null;
        }

        if (SymbolNames.IsIn(space, "System.Linq"))
        {
            return new(SubsetRules.Linq, $"{space} (LINQ) does not exist on nanoFramework 1.x: use a for loop over an array or ArrayList");
        }

        if (SymbolNames.IsIn(space, "System.Threading.Tasks"))
        {
            return new(SubsetRules.Async, $"{space} (tasks) does not exist on nanoFramework 1.x: use Thread or Timer, and AutoResetEvent/ManualResetEvent to wait");
        }

        if (SymbolNames.IsIn(space, "System.Buffers") || SymbolNames.IsIn(space, "System.Numerics") || SymbolNames.IsIn(space, "System.Runtime.Intrinsics"))
        {
            return new(SubsetRules.SpanAndMemory, $"{space} does not exist on nanoFramework 1.x: {SpanHint}, read and write integers with shifts and masks (or BitConverter)");
        }

        if (SymbolNames.IsIn(space, "System.Collections.Generic"))
        {
            return new(SubsetRules.GenericUse, $"{space} (generic collections) does not exist on nanoFramework 1.x: use System.Collections (ArrayList, Hashtable, Queue, Stack) or arrays");
        }

        if (SymbolNames.IsIn(space, "System.Collections.Concurrent"))
        {
            return new(SubsetRules.UnavailableApi, $"{space} (concurrent collections) does not exist on nanoFramework 1.x: guard an ArrayList, Hashtable or Queue with lock");
        }

        if (SymbolNames.IsIn(space, "System.Text.RegularExpressions"))
        {
            return new(SubsetRules.UnavailableApi, $"{space} (Regex) does not exist on nanoFramework 1.x: parse by hand with IndexOf, Substring and char checks");
        }

        if (SymbolNames.IsIn(space, "System.Text.Json"))
        {
            return new(SubsetRules.UnavailableApi, $"{space} does not exist on nanoFramework 1.x: use the core's own binary formats, or write the few JSON fields with StringBuilder");
        }

        return null;
    }

    /// <summary>A type nanoFramework 1.x lacks, by its namespace or its name.</summary>
    public static Finding? Type(INamedTypeSymbol type)
    {
        var name = SymbolNames.MetadataName(type);
        var shown = SymbolNames.Display(type);
        switch (name)
        {
            case "System.Nullable`1":
                return new(SubsetRules.NullableValueType, $"{shown} (a nullable value type) does not exist on nanoFramework 1.x: use a sentinel value or a separate bool 'has value' field");
            case "System.Lazy`1":
            case "System.Lazy`2":
                return new(SubsetRules.UnavailableApi, $"{shown} does not exist on nanoFramework 1.x: initialise the field explicitly (under lock when threads share it)");
            case "System.Span`1":
            case "System.ReadOnlySpan`1":
            case "System.Memory`1":
            case "System.ReadOnlyMemory`1":
            case "System.MemoryExtensions":
                return new(SubsetRules.SpanAndMemory, $"{shown} does not exist on nanoFramework 1.x: {SpanHint}");
            case "System.Threading.ThreadPool":
            case "System.Threading.CancellationToken":
            case "System.Threading.CancellationTokenSource":
            case "System.Threading.SemaphoreSlim":
                return new(SubsetRules.Async, $"{shown} does not exist on nanoFramework 1.x: use Thread or Timer, a volatile bool or ManualResetEvent to stop, and lock or AutoResetEvent to coordinate");
            case "System.Buffers.Binary.BinaryPrimitives":
                return new(SubsetRules.SpanAndMemory, $"{shown} does not exist on nanoFramework 1.x: read and write integers with shifts and masks on a byte[] (or BitConverter with an explicit endianness check)");
            default:
                break;
        }

        if (name.StartsWith("System.ValueTuple", StringComparison.Ordinal) || name.StartsWith("System.Tuple", StringComparison.Ordinal))
        {
            return new(SubsetRules.Tuple, $"{shown} (a tuple) does not exist on nanoFramework 1.x: return a small class or use out parameters");
        }

        // Generic collection types get the generic rule's hint for the specific type (List<T>: use ArrayList).
        var space = SymbolNames.NamespaceName(type.ContainingNamespace);
        return SymbolNames.IsIn(space, "System.Collections.Generic") ? null : Namespace(space);
    }

    /// <summary>A member of an otherwise available type that nanoFramework 1.x lacks (String.Join, Array.Resize...).</summary>
    public static Finding? Member(ISymbol member)
    {
        if (member.ContainingType is null)
        {
            return null;
        }

        var type = SymbolNames.MetadataName(member.ContainingType);
        var shown = SymbolNames.Display(member);
        var parameters = member is IMethodSymbol method ? method.Parameters : ImmutableParameters(member);

        if (parameters.Any(p => p.Type.ToDisplayString() == "System.StringComparison"))
        {
            return new(SubsetRules.UnavailableApi, $"{shown} with a StringComparison does not exist on nanoFramework 1.x: use the overload without it (ordinal), with ToLower() on both sides if case must not matter");
        }

        var message = (type, member.Name) switch
        {
            ("System.String", "Join") => "concatenate in a loop with a StringBuilder",
            ("System.String", "Replace") => "build the result with IndexOf, Substring and a StringBuilder",
            ("System.String", "IsNullOrWhiteSpace") => "use string.IsNullOrEmpty(s) || s.Trim().Length == 0",
            ("System.String", "Contains" or "StartsWith" or "EndsWith") when FirstIs(parameters, SpecialType.System_Char) =>
                "use the string overload (\"x\" instead of 'x')",
            ("System.String", "Split") when !FirstIs(parameters, SpecialType.System_Char) && !FirstIsCharArray(parameters) =>
                "split on chars: Split(params char[])",
            ("System.Convert", var name) when name.Contains("HexString", StringComparison.Ordinal) =>
                "format each byte with ToString(\"x2\") or a hex lookup table, and parse pairs of hex digits by hand",
            ("System.Array", "Fill") => "assign in a loop, or Array.Clear for zeros",
            ("System.Array", "Resize") => "allocate a new array and Array.Copy into it",
            ("System.Array", "Reverse") => "swap elements in a loop",
            ("System.Array", "Empty") => "use new T[0], cached in a static readonly field",
            ("System.Array", "Clear") when parameters.Length == 1 => "use Array.Clear(array, 0, array.Length)",
            ("System.Threading.Interlocked", _) when parameters.Any(p => p.Type.SpecialType is SpecialType.System_Int64 or SpecialType.System_UInt64) =>
                "Interlocked works on int only there: guard the long field with lock",
            ("System.Environment", not "TickCount64") =>
                "only Environment.TickCount64 exists there: get other facts through a Platform/ interface (IClock, IDeviceInfo)",
            ("System.DateTime", "Now" or "Today") => "device time is UTC: use the IClock platform interface (UtcNow)",
            _ => null,
        };
        return message is null
            ? null
            : new(SubsetRules.UnavailableApi, $"{shown} does not exist on nanoFramework 1.x: {message}");
    }

    private static ImmutableArray<IParameterSymbol> ImmutableParameters(ISymbol member) =>
        member is IPropertySymbol property ? property.Parameters : [];

    private static bool FirstIs(ImmutableArray<IParameterSymbol> parameters, SpecialType type) =>
        parameters.Length > 0 && parameters[0].Type.SpecialType == type;

    private static bool FirstIsCharArray(ImmutableArray<IParameterSymbol> parameters) =>
        parameters.Length > 0 && parameters[0].Type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Char };
}
