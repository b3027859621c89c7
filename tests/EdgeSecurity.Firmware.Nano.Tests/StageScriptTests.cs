using System.Diagnostics;
using EdgeSecurity.Firmware.Nano.Tests.Support;

namespace EdgeSecurity.Firmware.Nano.Tests;

/// <summary>scripts/nanoframework-check.sh without a toolchain: it never passes silently.</summary>
public class StageScriptTests
{
    [Fact]
    [Trait("Requirement", "SR-PORT-009")]
    public void Without_a_toolchain_the_stage_says_it_did_not_run_and_how_to_get_one()
    {
        var (exitCode, output, status) = RunWithoutToolchain(ci: "false");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("not-run:", status, StringComparison.Ordinal);
        Assert.Contains("NOT RUN", output, StringComparison.Ordinal);
        Assert.Contains("nanoframework/nf-interpreter, targets/posix", output, StringComparison.Ordinal);
        Assert.Contains("metadata-processor tag v3.0.100", output, StringComparison.Ordinal);
        Assert.Contains("nanoFramework.CoreLibrary 1.17.11", output, StringComparison.Ordinal);
        Assert.Contains(NanoToolchain.Variable, output, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-PORT-009")]
    public void On_CI_a_missing_toolchain_fails_the_stage()
    {
        var (exitCode, output, _) = RunWithoutToolchain(ci: "true");

        Assert.Equal(1, exitCode);
        Assert.Contains("must run here", output, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output, string Status) RunWithoutToolchain(string ci)
    {
        var empty = Directory.CreateTempSubdirectory("edgesec-no-toolchain-");
        var results = Directory.CreateTempSubdirectory("edgesec-nano-results-");
        try
        {
            var start = new ProcessStartInfo("bash", [Repository.PathOf("scripts", "nanoframework-check.sh"), "--out", results.FullName])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Repository.Root,
            };
            start.Environment[NanoToolchain.Variable] = empty.FullName;
            start.Environment["CI"] = ci;
            using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "the script did not stop in a minute without a toolchain");
            return (process.ExitCode, stdout.Result + stderr.Result, File.ReadAllText(Path.Combine(results.FullName, "status")));
        }
        finally
        {
            empty.Delete(recursive: true);
            results.Delete(recursive: true);
        }
    }
}
