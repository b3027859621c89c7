using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EdgeSecurity.SubsetCheck;

/// <summary>
/// Walks one syntax tree: syntax rules for constructs nanoFramework 1.x cannot run (generic declarations,
/// async, tuples, unsafe...), and symbol rules for every name, constructor, indexer, attribute, foreach
/// enumerator and collection-initializer Add the compiler binds.
/// </summary>
internal sealed class SubsetWalker(SemanticModel model, SymbolRules rules, Action<SyntaxNodeOrToken, Finding> report)
    : CSharpSyntaxWalker(SyntaxWalkerDepth.Token)
{
    public override void VisitToken(SyntaxToken token)
    {
        var finding = token.Kind() switch
        {
            SyntaxKind.AsyncKeyword => new Finding(SubsetRules.Async, "async does not exist on nanoFramework 1.x: run the work on a Thread or Timer and signal completion with an event or callback"),
            SyntaxKind.UnsafeKeyword => new Finding(SubsetRules.Unsafe, "unsafe code cannot run on nanoFramework 1.x: use arrays with indexes"),
            SyntaxKind.FixedKeyword => new Finding(SubsetRules.Unsafe, "fixed (pinning, fixed buffers) needs unsafe code, which nanoFramework 1.x cannot run: use arrays with indexes"),
            SyntaxKind.StackAllocKeyword => new Finding(SubsetRules.SpanAndMemory, "stackalloc does not exist on nanoFramework 1.x: use a byte[] allocated once and reused"),
            _ => null,
        };
        if (finding is not null)
        {
            report(token, finding);
        }

        base.VisitToken(token);
    }

    public override void VisitTypeParameterList(TypeParameterListSyntax node)
    {
        report(node, new(SubsetRules.GenericDeclaration, $"declaring type parameters {node} makes a generic {DeclarationKind(node.Parent)}, which nanoFramework 1.x cannot load: write it for object or for the one concrete type it serves"));
        base.VisitTypeParameterList(node);
    }

    public override void VisitQueryExpression(QueryExpressionSyntax node)
    {
        report(node, new(SubsetRules.Linq, "LINQ query syntax does not exist on nanoFramework 1.x: use a for loop over an array or ArrayList"));
        base.VisitQueryExpression(node);
    }

    public override void VisitAwaitExpression(AwaitExpressionSyntax node)
    {
        report(node, new(SubsetRules.Async, "await does not exist on nanoFramework 1.x: block on AutoResetEvent/ManualResetEvent in a Thread, or use a callback"));
        base.VisitAwaitExpression(node);
    }

    public override void VisitYieldStatement(YieldStatementSyntax node)
    {
        report(node, new(SubsetRules.GenericUse, "an iterator (yield) makes the compiler generate IEnumerable<T>/IEnumerator<T> classes, which nanoFramework 1.x lacks: return an array, or write an IEnumerator class"));
        base.VisitYieldStatement(node);
    }

    public override void VisitAnonymousObjectCreationExpression(AnonymousObjectCreationExpressionSyntax node)
    {
        report(node, new(SubsetRules.GenericUse, "an anonymous type compiles to a generic class, which nanoFramework 1.x cannot load: declare a small class"));
        base.VisitAnonymousObjectCreationExpression(node);
    }

    public override void VisitTupleType(TupleTypeSyntax node)
    {
        report(node, TupleFinding);
        base.VisitTupleType(node);
    }

    public override void VisitTupleExpression(TupleExpressionSyntax node)
    {
        report(node, TupleFinding);
        base.VisitTupleExpression(node);
    }

    public override void VisitParenthesizedVariableDesignation(ParenthesizedVariableDesignationSyntax node)
    {
        report(node, TupleFinding);
        base.VisitParenthesizedVariableDesignation(node);
    }

    public override void VisitNullableType(NullableTypeSyntax node)
    {
        if (model.GetTypeInfo(node).Type is { IsValueType: true } type)
        {
            report(node, new(SubsetRules.NullableValueType, $"{type.ToDisplayString()} is Nullable<T>, which nanoFramework 1.x lacks: use a sentinel value or a separate bool 'has value' field"));
        }

        base.VisitNullableType(node);
    }

    public override void VisitConditionalAccessExpression(ConditionalAccessExpressionSyntax node)
    {
        // a?.Length on a value-typed member yields int?, a Nullable<T> that appears nowhere in the source.
        if (model.GetTypeInfo(node).Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } type)
        {
            report(node, new(SubsetRules.NullableValueType, $"?. on a value here yields {type.ToDisplayString()} (Nullable<T>), which nanoFramework 1.x lacks: test for null first, then read the value"));
        }

        base.VisitConditionalAccessExpression(node);
    }

    public override void VisitPointerType(PointerTypeSyntax node)
    {
        report(node, UnsafeFinding(node));
        base.VisitPointerType(node);
    }

    public override void VisitFunctionPointerType(FunctionPointerTypeSyntax node)
    {
        report(node, UnsafeFinding(node));
        base.VisitFunctionPointerType(node);
    }

    public override void VisitPrefixUnaryExpression(PrefixUnaryExpressionSyntax node)
    {
        if (node.IsKind(SyntaxKind.AddressOfExpression) || node.IsKind(SyntaxKind.PointerIndirectionExpression))
        {
            report(node, UnsafeFinding(node));
        }

        base.VisitPrefixUnaryExpression(node);
    }

    public override void VisitMemberAccessExpression(MemberAccessExpressionSyntax node)
    {
        if (node.IsKind(SyntaxKind.PointerMemberAccessExpression))
        {
            report(node, UnsafeFinding(node));
        }

        base.VisitMemberAccessExpression(node);
    }

    public override void VisitIdentifierName(IdentifierNameSyntax node)
    {
        CheckBound(node, node);
        base.VisitIdentifierName(node);
    }

    public override void VisitGenericName(GenericNameSyntax node)
    {
        CheckBound(node, node);
        base.VisitGenericName(node);
    }

    public override void VisitPredefinedType(PredefinedTypeSyntax node)
    {
        CheckBound(node, node);
        base.VisitPredefinedType(node);
    }

    public override void VisitObjectCreationExpression(ObjectCreationExpressionSyntax node)
    {
        CheckBound(node, node.Type);
        base.VisitObjectCreationExpression(node);
    }

    public override void VisitElementAccessExpression(ElementAccessExpressionSyntax node)
    {
        CheckBound(node, node.ArgumentList);
        base.VisitElementAccessExpression(node);
    }

    public override void VisitConstructorInitializer(ConstructorInitializerSyntax node)
    {
        CheckBound(node, node);
        base.VisitConstructorInitializer(node);
    }

    public override void VisitAttribute(AttributeSyntax node)
    {
        CheckBound(node, node);
        base.VisitAttribute(node);
    }

    public override void VisitForEachStatement(ForEachStatementSyntax node)
    {
        CheckForEach(node);
        base.VisitForEachStatement(node);
    }

    public override void VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        CheckForEach(node);
        base.VisitForEachVariableStatement(node);
    }

    public override void VisitInitializerExpression(InitializerExpressionSyntax node)
    {
        if (node.IsKind(SyntaxKind.CollectionInitializerExpression))
        {
            foreach (var element in node.Expressions)
            {
                var add = model.GetCollectionInitializerSymbolInfo(element).Symbol;
                Report(element, add is null ? null : rules.Check(add));
            }
        }

        base.VisitInitializerExpression(node);
    }

    private static readonly Finding TupleFinding =
        new(SubsetRules.Tuple, "tuples do not exist on nanoFramework 1.x: return a small class or use out parameters");

    private static Finding UnsafeFinding(SyntaxNode node) =>
        new(SubsetRules.Unsafe, $"'{node}' needs pointers or unsafe code, which nanoFramework 1.x cannot run: use arrays with indexes (or an interface instead of a function pointer)");

    private static string DeclarationKind(SyntaxNode? declaration) => declaration switch
    {
        MethodDeclarationSyntax or LocalFunctionStatementSyntax => "method",
        DelegateDeclarationSyntax => "delegate",
        InterfaceDeclarationSyntax => "interface",
        StructDeclarationSyntax => "struct",
        _ => "type",
    };

    /// <summary>foreach over anything but an array or a string calls GetEnumerator, which may be generic even when no generic type is written.</summary>
    private void CheckForEach(CommonForEachStatementSyntax node)
    {
        var collection = model.GetTypeInfo(node.Expression).Type;
        if (collection is null or IArrayTypeSymbol || collection.SpecialType == SpecialType.System_String)
        {
            return;
        }

        var info = model.GetForEachStatementInfo(node);
        var finding = info.GetEnumeratorMethod is null ? null : rules.Check(info.GetEnumeratorMethod);
        if (finding is not null)
        {
            finding = finding with { Message = $"foreach over {collection.ToDisplayString()} uses {SymbolNames.Display(info.GetEnumeratorMethod!)}: {finding.Message}" };
        }

        Report(node.Expression, finding);
    }

    private void CheckBound(SyntaxNode bound, SyntaxNode at)
    {
        var symbol = model.GetSymbolInfo(bound).Symbol;
        Report(at, symbol is null ? null : rules.Check(symbol));
    }

    private void Report(SyntaxNode at, Finding? finding)
    {
        if (finding is not null)
        {
            report(at, finding);
        }
    }
}
