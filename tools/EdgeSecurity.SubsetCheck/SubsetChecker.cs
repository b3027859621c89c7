using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EdgeSecurity.SubsetCheck;

/// <summary>
/// Compiles C# sources as C# 7.3 against the .NET reference assemblies and reports every use of what
/// .NET nanoFramework 1.x lacks, plus every compile error (code that cannot be bound cannot be judged).
/// </summary>
public static class SubsetChecker
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp7_3, DocumentationMode.Parse);

    private static readonly CSharpParseOptions LatestParseOptions = new(LanguageVersion.Latest, DocumentationMode.None);

    // Unsafe code is allowed by the compiler so that it binds and gets the precise unsafe rule instead of only an error.
    private static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        allowUnsafe: true,
        nullableContextOptions: NullableContextOptions.Disable,
        concurrentBuild: false);

    /// <summary>Checks every .cs file under <paramref name="directory"/>, skipping build output (bin/, obj/).</summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public static IReadOnlyList<SubsetViolation> CheckDirectory(string directory)
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Directory to check does not exist: {root}");
        }

        var sources = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(Path.GetRelativePath(root, path)))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => new SubsetSource(path, File.ReadAllText(path)))
            .ToList();
        return CheckSources(sources);
    }

    /// <summary>Checks the given sources as one compilation; violations are ordered by file, line and column.</summary>
    public static IReadOnlyList<SubsetViolation> CheckSources(IReadOnlyList<SubsetSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var trees = sources
            .Select(source => CSharpSyntaxTree.ParseText(source.Text, ParseOptions, source.Path))
            .ToList();
        var compilation = CSharpCompilation.Create("SubsetCheck", trees, ReferenceAssemblies.All, CompilationOptions);

        var violations = new List<SubsetViolation>();
        violations.AddRange(compilation.GetDiagnostics()
            .Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)
            .Select(CompileError));

        var rules = new SymbolRules(compilation.Assembly);
        foreach (var tree in trees)
        {
            var walker = new SubsetWalker(
                compilation.GetSemanticModel(tree),
                rules,
                (at, finding) => violations.Add(At(at.GetLocation() ?? Location.None, finding.RuleId, finding.Message)));
            walker.Visit(tree.GetRoot());
        }

        violations.AddRange(sources.SelectMany(RecordDeclarations));

        // One construct can be reached twice (new List<int>() is a name and a constructor); report it once.
        return violations
            .Distinct()
            .OrderBy(v => v.FilePath, StringComparer.Ordinal)
            .ThenBy(v => v.Line)
            .ThenBy(v => v.Column)
            .ThenBy(v => v.RuleId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// As C# 7.3, "record Point(int X);" parses as a method returning a type named record, so the compile error
    /// alone would not say what is wrong; the latest syntax names it.
    /// </summary>
    private static IEnumerable<SubsetViolation> RecordDeclarations(SubsetSource source) =>
        CSharpSyntaxTree.ParseText(source.Text, LatestParseOptions, source.Path).GetRoot()
            .DescendantNodes()
            .OfType<RecordDeclarationSyntax>()
            .Select(record => At(record.Identifier.GetLocation(), SubsetRules.Record,
                "records do not exist on nanoFramework 1.x: write a class with readonly fields, a constructor, and Equals/GetHashCode if needed"));

    private static SubsetViolation CompileError(Diagnostic diagnostic) =>
        At(diagnostic.Location, SubsetRules.CompileError,
            $"does not compile as C# 7.3 ({diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}): fix the error so the code can be checked");

    private static SubsetViolation At(Location location, string ruleId, string message)
    {
        var span = location.GetLineSpan();
        var path = string.IsNullOrEmpty(span.Path) ? "(compilation)" : span.Path;
        return new SubsetViolation(path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, ruleId, message);
    }

    private static bool IsBuildOutput(string relativePath)
    {
        var first = relativePath.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return first.Any(part => part is "bin" or "obj");
    }
}
