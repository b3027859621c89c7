using EdgeSecurity.Cli;
using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Tests;

/// <summary>What one in-process run of edgesec produced.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>
/// Runs edgesec in-process inside a temporary working folder, with its own environment variables and a
/// scripted terminal, so tests never depend on or change the machine's state.
/// </summary>
public sealed class CliRunner : IDisposable
{
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    public CliRunner()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("edgesec-cli-").FullName;
    }

    public string Directory { get; }

    public ScriptedPrompt Prompt { get; } = new();

    /// <summary>How far the CLI's clock is ahead of the real one (to see what devices decide later).</summary>
    public TimeSpan ClockOffset { get; set; }

    public string Path(string name) => System.IO.Path.Combine(Directory, name);

    public void SetEnvironment(string name, string value) => _environment[name] = value;

    /// <summary>Runs edgesec; arguments may name files relative to <see cref="Directory"/> with a leading '@'.</summary>
    public CliResult Run(params string[] args)
    {
        var resolved = args.Select(a => a.StartsWith('@') ? Path(a[1..]) : a).ToArray();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, Prompt, name => _environment.GetValueOrDefault(name))
        {
            UtcNow = () => DateTime.UtcNow + ClockOffset,
        };
        var exitCode = CliApp.Run(resolved, context);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Runs edgesec and fails the test unless it exits with <paramref name="expected"/>.</summary>
    public CliResult Expect(int expected, params string[] args)
    {
        var result = Run(args);
        Assert.True(result.ExitCode == expected, $"edgesec {string.Join(' ', args)}: expected exit {expected}, got {result}");
        Assert.DoesNotContain("internal error", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        return result;
    }

    public CliResult Ok(params string[] args) => Expect(ExitCodes.Ok, args);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

/// <summary>A terminal whose answers the test decides.</summary>
public sealed class ScriptedPrompt : IPassphrasePrompt
{
    private readonly Queue<string> _answers = new();

    public bool IsInteractive { get; set; }

    public List<string> Prompts { get; } = [];

    public void Answer(params string[] answers)
    {
        IsInteractive = true;
        foreach (var answer in answers)
        {
            _answers.Enqueue(answer);
        }
    }

    public string Ask(string prompt)
    {
        Prompts.Add(prompt);
        return _answers.Dequeue();
    }
}
