using Microsoft.CodeAnalysis;

namespace EdgeSecurity.SubsetCheck;

/// <summary>Names of symbols as the rules compare them (metadata names) and as messages show them.</summary>
internal static class SymbolNames
{
    /// <summary>"System.Collections.Generic.List`1", with '+' between nested types, for the unconstructed definition.</summary>
    public static string MetadataName(INamedTypeSymbol type)
    {
        var definition = type.OriginalDefinition;
        var name = definition.MetadataName;
        for (var outer = definition.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            name = outer.MetadataName + "+" + name;
        }

        var outermost = definition;
        while (outermost.ContainingType is not null)
        {
            outermost = outermost.ContainingType;
        }

        var space = NamespaceName(outermost.ContainingNamespace);
        return space.Length == 0 ? name : space + "." + name;
    }

    /// <summary>
    /// The member as the allowlist lists it: a method or constructor with its parameter types
    /// ("Copy(System.Array,System.Int32,System.Array,System.Int32,System.Int32)", "&amp;" after a ref parameter,
    /// "[]" after an array), any other member by its metadata name ("Length", "Chars").
    /// </summary>
    public static string Signature(ISymbol member)
    {
        var definition = member.OriginalDefinition;
        return definition is IMethodSymbol method
            ? method.MetadataName + "(" + string.Join(",", method.Parameters.Select(p => TypeName(p.Type) + (p.RefKind == RefKind.None ? string.Empty : "&"))) + ")"
            : definition.MetadataName;
    }

    private static string TypeName(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => TypeName(array.ElementType) + (array.Rank == 1 ? "[]" : "[" + new string(',', array.Rank - 1) + "]"),
        INamedTypeSymbol named => MetadataName(named),
        _ => type.MetadataName,
    };

    /// <summary>"System.Collections.Generic", or "" for the global namespace.</summary>
    public static string NamespaceName(INamespaceSymbol? space) =>
        space is null || space.IsGlobalNamespace ? string.Empty : space.ToDisplayString();

    /// <summary>How a type reads in a message: "List&lt;T&gt;", "string".</summary>
    public static string Display(ITypeSymbol type) =>
        type.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);

    /// <summary>How a member reads in a message: "string.Join", "Interlocked.Increment(ref long)".</summary>
    public static string Display(ISymbol member) =>
        member.ContainingType is null
            ? member.Name
            : Display(member.ContainingType) + "." + (member is IMethodSymbol { MethodKind: MethodKind.Constructor } ? "ctor" : member.Name);

    /// <summary>True when the namespace is <paramref name="root"/> or one of its sub-namespaces.</summary>
    public static bool IsIn(string space, string root) =>
        space == root || space.StartsWith(root + ".", StringComparison.Ordinal);
}
