using System.Diagnostics;
using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Tests;

/// <summary>
/// scripts/install-edgesec.sh as a new user runs it: it packs the CLI as a .NET tool and installs it from the
/// local folder only, and the installed `edgesec` command works outside the checkout (exit codes included).
/// </summary>
public sealed class InstallScriptTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgesec-install-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    [Trait("Requirement", "SR-CLI-006")]
    public void The_install_script_gives_a_working_edgesec_command_without_a_package_feed()
    {
        var tools = Path.Combine(_folder, "tools");
        var work = Path.Combine(_folder, "work");
        Directory.CreateDirectory(work);

        // The Release build the tests run on is what gets packed: no second build on a shared machine.
        var install = Run("bash", [Path.Combine(SigningGuideTests.RepositoryRoot(), "scripts", "install-edgesec.sh"), "--tool-path", tools, "--no-build"], SigningGuideTests.RepositoryRoot());
        Assert.True(install.ExitCode == 0, install.Error);
        Assert.Contains("Installed edgesec", install.Output, StringComparison.Ordinal);

        var edgesec = Path.Combine(tools, "edgesec");
        var help = Run(edgesec, ["--help"], work);
        Assert.Equal(ExitCodes.Ok, help.ExitCode);
        Assert.Contains("bundle", help.Output, StringComparison.Ordinal);

        var generated = Run(edgesec, ["keys", "generate", "--out", "release1", "--json"], work);
        Assert.True(generated.ExitCode == ExitCodes.Ok, generated.Error);
        Assert.True(File.Exists(Path.Combine(work, "release1.pub")));

        var unknown = Run(edgesec, ["ota", "nosuch", "--help"], work);
        Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
        Assert.Contains("Unknown command 'nosuch'", unknown.Error, StringComparison.Ordinal);

        var wrongOption = Run("bash", [Path.Combine(SigningGuideTests.RepositoryRoot(), "scripts", "install-edgesec.sh"), "--frobnicate"], SigningGuideTests.RepositoryRoot());
        Assert.Equal(2, wrongOption.ExitCode);
    }

    private static (int ExitCode, string Output, string Error) Run(string file, string[] args, string directory)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', args)} did not finish in 5 minutes");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
