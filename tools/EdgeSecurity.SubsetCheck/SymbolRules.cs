using Microsoft.CodeAnalysis;

namespace EdgeSecurity.SubsetCheck;

/// <summary>
/// Judges a symbol that source code refers to: the known-unavailable list first (precise messages), then
/// generics, then the allowlist of base-library types and members. Types declared in the checked sources
/// are ours and pass unless generic.
/// </summary>
internal sealed class SymbolRules(IAssemblySymbol ownAssembly)
{
    public Finding? Check(ISymbol symbol) => symbol switch
    {
        IAliasSymbol alias => Check(alias.Target),
        INamespaceSymbol space => KnownUnavailable.Namespace(SymbolNames.NamespaceName(space)),
        ITypeSymbol type => CheckType(type),
        IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol => CheckMember(symbol),
        _ => null,
    };

    public Finding? CheckType(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return CheckType(array.ElementType);
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return new(SubsetRules.Unsafe, $"pointer type {type.ToDisplayString()} needs unsafe code, which nanoFramework 1.x cannot run: use a byte[] with an offset");
            case IDynamicTypeSymbol:
                return new(SubsetRules.Dynamic, "dynamic does not exist on nanoFramework 1.x: use object with explicit casts, or an interface");
            case INamedTypeSymbol named when named.TypeKind != TypeKind.Error:
                return CheckNamedType(named);
            default:
                return null;
        }
    }

    private Finding? CheckNamedType(INamedTypeSymbol type)
    {
        if (type.IsTupleType)
        {
            return new(SubsetRules.Tuple, $"tuple {type.ToDisplayString()} does not exist on nanoFramework 1.x: return a small class or use out parameters");
        }

        var known = KnownUnavailable.Type(type);
        if (known is not null)
        {
            return known;
        }

        if (IsGeneric(type))
        {
            return new(SubsetRules.GenericUse, $"{SymbolNames.Display(type)} is generic and nanoFramework 1.x has no generics: {GenericHints.For(SymbolNames.MetadataName(type))}");
        }

        if (IsOwn(type))
        {
            return null;
        }

        var name = SymbolNames.MetadataName(type);
        return AvailableSurface.IsTypeAvailable(name)
            ? null
            : new(SubsetRules.NotInSubset, $"{name} is not in the nanoFramework 1.x base library the core may use (docs/firmware-subset.md): use an allowed type, or reach the hardware through a Platform/ interface");
    }

    private Finding? CheckMember(ISymbol member)
    {
        if (member is IMethodSymbol { ReducedFrom: { } extension })
        {
            member = extension;
        }

        var containing = member.ContainingType;
        if (containing is null)
        {
            return null;
        }

        var known = KnownUnavailable.Member(member);
        if (known is not null)
        {
            return known;
        }

        var knownType = KnownUnavailable.Type(containing);
        if (knownType is not null)
        {
            return knownType with { Message = $"{SymbolNames.Display(member)}: {knownType.Message}" };
        }

        if (member is IMethodSymbol { IsGenericMethod: true } generic && !IsSourceCompatibleGeneric(generic))
        {
            return new(SubsetRules.GenericUse, $"{SymbolNames.Display(member)}<...> is a generic method and nanoFramework 1.x has no generics: write a non-generic method (object or a typed array parameter)");
        }

        var typeFinding = CheckType(containing);
        if (typeFinding is not null || IsOwn(containing))
        {
            return typeFinding;
        }

        var typeName = SymbolNames.MetadataName(containing);
        var signature = SymbolNames.Signature(member);
        if (!IsSourceCompatibleGeneric(member) && !AvailableSurface.IsMemberAvailable(typeName, signature))
        {
            return new(SubsetRules.NotInSubset, $"{SymbolNames.Display(member)}: {signature} is not in the nanoFramework 1.x base library the core may use (docs/firmware-subset.md): use an overload it has");
        }

        return CheckSignature(member);
    }

    /// <summary>A base-library member is only usable if what it takes and returns is usable too (e.g. no Span overload).</summary>
    private Finding? CheckSignature(ISymbol member)
    {
        switch (member)
        {
            case IMethodSymbol method:
                // String.Split(char, StringSplitOptions = None) is what .NET picks for Split(','); the device picks
                // Split(params char[]) for the same source, and an explicit StringSplitOptions is caught where it is named.
                if (method.ContainingType.SpecialType == SpecialType.System_String && method.Name == "Split")
                {
                    return null;
                }

                return (method.MethodKind == MethodKind.Constructor ? null : CheckType(method.ReturnType))
                    ?? method.Parameters.Select(p => CheckType(p.Type)).FirstOrDefault(f => f is not null);
            case IPropertySymbol property:
                return CheckType(property.Type);
            case IFieldSymbol field:
                return CheckType(field.Type);
            case IEventSymbol @event:
                return CheckType(@event.Type);
            default:
                return null;
        }
    }

    /// <summary>Array.IndexOf(T[], T) binds on .NET; the same source binds to the non-generic Array.IndexOf(Array, object) on the device.</summary>
    private static bool IsSourceCompatibleGeneric(ISymbol member) =>
        member is IMethodSymbol { IsGenericMethod: true } method && method.ContainingType.SpecialType == SpecialType.System_Array && method.Name == "IndexOf";

    private static bool IsGeneric(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsGenericType)
            {
                return true;
            }
        }

        return false;
    }

    private bool IsOwn(ITypeSymbol type) =>
        SymbolEqualityComparer.Default.Equals(type.OriginalDefinition.ContainingAssembly, ownAssembly);
}
