using EdgeSecurity.SubsetCheck;

namespace EdgeSecurity.SubsetCheck.Tests;

/// <summary>Runs the checker over inline sources; the line a rule must fire on ends with the marker comment "//!".</summary>
internal static class Samples
{
    public const string Marker = "//!";

    public static IReadOnlyList<SubsetViolation> Check(string source) =>
        SubsetChecker.CheckSources([new SubsetSource("Sample.cs", source)]);

    /// <summary>1-based line of the single marked line of <paramref name="source"/>.</summary>
    public static int MarkedLine(string source)
    {
        var lines = source.Split('\n');
        var marked = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(Marker, StringComparison.Ordinal)).ToList();
        Assert.True(marked.Count == 1, "a sample marks exactly one line with " + Marker);
        return marked[0] + 1;
    }

    /// <summary>Asserts that <paramref name="ruleId"/> fires on the marked line, with a message that says what to do instead.</summary>
    public static void AssertFiresOnMarkedLine(string ruleId, string source)
    {
        var line = MarkedLine(source);
        var violations = Check(source);
        var hit = violations.FirstOrDefault(v => v.RuleId == ruleId && v.Line == line);
        Assert.True(hit is not null, $"expected {ruleId} on line {line}; got:\n{Describe(violations)}");
        Assert.Equal("Sample.cs", hit.FilePath);
        Assert.Contains(": ", hit.Message, StringComparison.Ordinal);
    }

    public static void AssertClean(string source)
    {
        var violations = Check(source);
        Assert.True(violations.Count == 0, "expected no violations; got:\n" + Describe(violations));
    }

    public static string Describe(IEnumerable<SubsetViolation> violations) =>
        string.Join("\n", violations.Select(v => v.ToString()));

    /// <summary>Wraps statements in a method of a class, with the marked statement on a line of its own.</summary>
    public static string InMethod(string statements, string usings = "using System;") =>
        usings + "\nnamespace Sample\n{\n    internal class Host\n    {\n        internal void Run()\n        {\n" +
        statements + "\n        }\n    }\n}\n";

    /// <summary>Wraps members in a class.</summary>
    public static string InClass(string members, string usings = "using System;") =>
        usings + "\nnamespace Sample\n{\n    internal class Host\n    {\n" + members + "\n    }\n}\n";
}
