using System.Security.Cryptography;
using System.Text.RegularExpressions;
using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Tests;

/// <summary>The working directory is process-wide: tests that change it must not run beside others that read it.</summary>
[CollectionDefinition(nameof(WorkingDirectoryCollection), DisableParallelization = true)]
public sealed class WorkingDirectoryCollection;

/// <summary>
/// Runs every `edgesec` command of docs/guide/signing.md in order, as written, in an empty folder with
/// an `app/` of component files: the guide cannot silently go stale. A trailing `# exit N` comment
/// states the exit code a line must end with (default 0); `export NAME=value` sets a variable.
/// </summary>
[Collection(nameof(WorkingDirectoryCollection))]
public sealed partial class SigningGuideTests
{
    [Fact]
    [Trait("Requirement", "SR-CLI-004")]
    public void Every_command_in_the_signing_guide_works_as_written()
    {
        var lines = GuideCommands(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "guide", "signing.md")));
        Assert.True(lines.Count >= 20, $"found only {lines.Count} commands in the guide");
        using var cli = new CliRunner();
        Directory.CreateDirectory(cli.Path("app"));
        File.WriteAllBytes(cli.Path("app/Product.App.pe"), RandomNumberGenerator.GetBytes(20_000));
        File.WriteAllText(cli.Path("app/settings.json"), "{ \"reportEverySeconds\": 60 }\n");
        File.WriteAllText(cli.Path("app/.bundle.json"), "{ \"releaseNotes\": \"First release\", \"fixedCves\": [\"CVE-2026-1234\"] }\n");

        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = cli.Directory;
        try
        {
            foreach (var line in lines)
            {
                var export = ExportLine().Match(line);
                if (export.Success)
                {
                    cli.SetEnvironment(export.Groups[1].Value, export.Groups[2].Value);
                    continue;
                }

                var expected = ExpectedExit().Match(line);
                var command = expected.Success ? line[..expected.Index] : line;
                var args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
                cli.Expect(expected.Success ? int.Parse(expected.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : ExitCodes.Ok, args);
            }
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    private static List<string> GuideCommands(string markdown) =>
        ShellBlock().Matches(markdown)
            .SelectMany(block => block.Groups[1].Value.Split('\n'))
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("edgesec ", StringComparison.Ordinal) || line.StartsWith("export ", StringComparison.Ordinal))
            .ToList();

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EdgeSecurity.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (EdgeSecurity.sln) is not above the test binaries.");
    }

    [GeneratedRegex("```sh\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    [GeneratedRegex("^export ([A-Z_]+)=(\\S+)$")]
    private static partial Regex ExportLine();

    [GeneratedRegex("\\s+#\\s*exit (\\d+).*$")]
    private static partial Regex ExpectedExit();
}
