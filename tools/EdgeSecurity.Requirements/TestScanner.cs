using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EdgeSecurity.Requirements;

/// <summary>
/// Finds xunit test methods ([Fact], [Theory] and their variants) that carry [Trait("Requirement", "SR-...")],
/// on the method or on its class (a class trait applies to every test in the class). Works on syntax
/// alone, so the test projects need not build for the matrix to be printed.
/// </summary>
public static class TestScanner
{
    public const string TraitName = "Requirement";

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.None);

    /// <summary>Scans every .cs file under <paramref name="testsDirectory"/> (bin/ and obj/ skipped).</summary>
    public static TestScan ScanDirectory(string testsDirectory, string repositoryRoot)
    {
        var tests = new List<TracedTest>();
        var problems = new List<TraitProblem>();
        var classes = new List<TestClass>();
        if (!Directory.Exists(testsDirectory))
        {
            return new TestScan(tests, problems);
        }

        var files = Directory.EnumerateFiles(testsDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(Path.GetRelativePath(testsDirectory, path)))
            .OrderBy(path => path, StringComparer.Ordinal);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(repositoryRoot, file).Replace('\\', '/');
            var root = Parse(relative, File.ReadAllText(file));
            ScanTree(root, relative, tests, problems);
            classes.AddRange(Classes(root));
        }

        return new TestScan(AbstractTestExpansion.Expand(tests, classes), problems);
    }

    /// <summary>Scans one source text; <paramref name="path"/> is only reported.</summary>
    public static TestScan ScanSource(string path, string text)
    {
        var root = Parse(path, text);
        var tests = new List<TracedTest>();
        var problems = new List<TraitProblem>();
        ScanTree(root, path, tests, problems);
        return new TestScan(AbstractTestExpansion.Expand(tests, Classes(root).ToList()), problems);
    }

    private static SyntaxNode Parse(string path, string text) => CSharpSyntaxTree.ParseText(text, ParseOptions, path).GetRoot();

    private static IEnumerable<TestClass> Classes(SyntaxNode root) =>
        root.DescendantNodes().OfType<ClassDeclarationSyntax>().Select(type => new TestClass(
            FullTypeName(type),
            type.Identifier.ValueText,
            type.Modifiers.Any(SyntaxKind.AbstractKeyword),
            type.BaseList?.Types.Select(b => BaseSimpleName(b.Type)).ToList() ?? []));

    private static string BaseSimpleName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => type.ToString(),
    };

    private static void ScanTree(SyntaxNode root, string path, List<TracedTest> tests, List<TraitProblem> problems)
    {
        foreach (var type in root.DescendantNodes().OfType<TypeDeclarationSyntax>())
        {
            var classIds = RequirementTraits(type.AttributeLists, path, problems);
            foreach (var method in type.Members.OfType<MethodDeclarationSyntax>().Where(IsTestMethod))
            {
                var ids = classIds.Concat(RequirementTraits(method.AttributeLists, path, problems))
                    .Distinct(StringComparer.Ordinal)
                    .ToList();
                if (ids.Count > 0)
                {
                    tests.Add(new TracedTest(FullTypeName(type), method.Identifier.ValueText, path, LineOf(method.Identifier), ids));
                }
            }
        }
    }

    private static bool IsTestMethod(MethodDeclarationSyntax method) =>
        method.AttributeLists.SelectMany(list => list.Attributes)
            .Select(attribute => SimpleName(attribute.Name))
            .Any(name => name.EndsWith("Fact", StringComparison.Ordinal) || name.EndsWith("Theory", StringComparison.Ordinal));

    private static List<string> RequirementTraits(SyntaxList<AttributeListSyntax> lists, string path, List<TraitProblem> problems)
    {
        var ids = new List<string>();
        foreach (var attribute in lists.SelectMany(list => list.Attributes).Where(a => SimpleName(a.Name) == "Trait"))
        {
            var arguments = attribute.ArgumentList?.Arguments;
            if (arguments is not { Count: 2 } args || StringLiteral(args[0].Expression) != TraitName)
            {
                continue;
            }

            var value = StringLiteral(args[1].Expression);
            if (value is null)
            {
                problems.Add(new TraitProblem(path, LineOf(attribute.GetFirstToken()),
                    $"the value of a Requirement trait must be a string literal to be traced, not '{args[1].Expression}'"));
                continue;
            }

            ids.Add(value.Trim());
        }

        return ids;
    }

    private static string? StringLiteral(ExpressionSyntax expression) =>
        expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression)
            ? literal.Token.ValueText
            : null;

    /// <summary>"Xunit.TraitAttribute", "global::Xunit.Trait" and "Trait" all name the same attribute.</summary>
    private static string SimpleName(NameSyntax name)
    {
        var simple = name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax plain => plain.Identifier.ValueText,
            _ => name.ToString(),
        };
        return simple.EndsWith("Attribute", StringComparison.Ordinal) ? simple[..^"Attribute".Length] : simple;
    }

    /// <summary>The type's full name as reflection (and so test results) spell it: namespaces dotted, nested types after '+'.</summary>
    private static string FullTypeName(TypeDeclarationSyntax type)
    {
        var name = type.Identifier.ValueText + Arity(type);
        var namespaces = new List<string>();
        for (var parent = type.Parent; parent is not null; parent = parent.Parent)
        {
            switch (parent)
            {
                case TypeDeclarationSyntax outer:
                    name = outer.Identifier.ValueText + Arity(outer) + "+" + name;
                    break;
                case BaseNamespaceDeclarationSyntax space:
                    namespaces.Insert(0, space.Name.ToString());
                    break;
                default:
                    break;
            }
        }

        return namespaces.Count == 0 ? name : string.Join(".", namespaces) + "." + name;
    }

    private static string Arity(TypeDeclarationSyntax type) =>
        type.TypeParameterList is { Parameters.Count: > 0 } list ? "`" + list.Parameters.Count : string.Empty;

    private static int LineOf(SyntaxToken token) => token.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

    private static bool IsBuildOutput(string relativePath) =>
        relativePath.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(part => part is "bin" or "obj");
}
