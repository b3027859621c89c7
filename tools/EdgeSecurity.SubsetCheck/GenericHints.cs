namespace EdgeSecurity.SubsetCheck;

/// <summary>What to use instead of a generic base-library type, by its metadata name.</summary>
internal static class GenericHints
{
    public static string For(string metadataName) => metadataName switch
    {
        "System.Collections.Generic.List`1" => "use ArrayList (cast on read) or a typed array",
        "System.Collections.Generic.Dictionary`2" or "System.Collections.Generic.SortedDictionary`2"
            or "System.Collections.Generic.IDictionary`2" or "System.Collections.Generic.IReadOnlyDictionary`2" => "use Hashtable",
        "System.Collections.Generic.HashSet`1" or "System.Collections.Generic.SortedSet`1"
            or "System.Collections.Generic.ISet`1" => "use a Hashtable with the items as keys",
        "System.Collections.Generic.Queue`1" => "use System.Collections.Queue",
        "System.Collections.Generic.Stack`1" => "use System.Collections.Stack",
        "System.Collections.Generic.KeyValuePair`2" => "use DictionaryEntry",
        "System.Collections.Generic.IEnumerable`1" or "System.Collections.Generic.IEnumerator`1"
            or "System.Collections.Generic.ICollection`1" or "System.Collections.Generic.IList`1"
            or "System.Collections.Generic.IReadOnlyList`1" or "System.Collections.Generic.IReadOnlyCollection`1" =>
            "use a typed array, or the non-generic IEnumerable/ICollection/IList",
        "System.EventHandler`1" => "use EventHandler or a delegate type of our own",
        "System.IEquatable`1" or "System.IComparable`1" => "override Equals(object) or implement the non-generic IComparable",
        _ when metadataName.StartsWith("System.Func`", StringComparison.Ordinal)
            || metadataName.StartsWith("System.Action`", StringComparison.Ordinal)
            || metadataName is "System.Predicate`1" or "System.Comparison`1" or "System.Converter`2" =>
            "declare a non-generic delegate or a small interface of our own",
        _ => "write a non-generic type (object plus casts, a typed array, or one small class per element type)",
    };
}
