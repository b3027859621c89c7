namespace EdgeSecurity.Requirements.Tests;

/// <summary>A throw-away repository tree in a temp folder: requirements.md, test sources, trx results.</summary>
internal sealed class FixtureRepository : IDisposable
{
    public const string Requirements = """
        # Security requirements

        Intro text with a table that is not requirements:

        | term | meaning |
        |---|---|
        | MAC | message authentication code |

        ## Verified boot (SR-BOOT)

        | ID | requirement | standards |
        |---|---|---|
        | SR-BOOT-001 | Boot only signed bundles | IEC 62443-4-2 EDR 3.14 |
        | SR-BOOT-002 | Never roll back the security counter | ETSI EN 303 645 5.3 |

        ## Events (SR-EVT)

        | ID | requirement | standards |
        |---|---|---|
        | SR-EVT-001 | Chain records with a MAC | IEC 62443-4-2 CR 3.9 |
        """;

    public const string BootTests = """
        using Xunit;

        namespace Fixture.Tests;

        public class BootTests
        {
            [Fact]
            [Trait("Requirement", "SR-BOOT-001")]
            public void Unsigned_bundle_is_refused() { }

            [Theory]
            [InlineData(1)]
            [Trait("Requirement", "SR-BOOT-001")]
            [Trait("Requirement", "SR-BOOT-002")]
            public void Counter_never_goes_back(int step) { }

            [Fact]
            [Trait("Requirement", "SR-BOT-003")]
            public void Typo_in_the_id() { }

            [Fact]
            public void Untraced() { }
        }
        """;

    public FixtureRepository()
    {
        Root = Directory.CreateTempSubdirectory("requirements-fixture-").FullName;
        Write("docs/security/requirements.md", Requirements);
        Write("tests/Fixture.Tests/BootTests.cs", BootTests);
    }

    public string Root { get; }

    public string ResultsDirectory => Path.Combine(Root, "results");

    public void Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>A minimal trx with one result per (className, method, outcome); the theory gets two cases.</summary>
    public static string Trx(params (string className, string method, string outcome)[] results)
    {
        var definitions = string.Concat(results.Select((r, i) =>
            $"""<UnitTest name="{r.className}.{r.method}" id="id-{i}"><TestMethod codeBase="x.dll" className="{r.className}" name="{r.method}" /></UnitTest>"""));
        var outcomes = string.Concat(results.Select((r, i) =>
            $"""<UnitTestResult testId="id-{i}" testName="{r.className}.{r.method}" outcome="{r.outcome}" />"""));
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <TestRun id="run" name="fixture" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
              <Results>{outcomes}</Results>
              <TestDefinitions>{definitions}</TestDefinitions>
            </TestRun>
            """;
    }

    public int Run(params string[] args) => Run(out _, out _, args);

    public int Run(out string output, out string error, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = RequirementsCli.Run(args, stdout, stderr, Root);
        output = stdout.ToString();
        error = stderr.ToString();
        return code;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
