using System.Diagnostics;
using EdgeSecurity.EndToEnd.Tests.Support;

namespace EdgeSecurity.EndToEnd.Tests;

/// <summary>scripts/demo.sh (the README's main command) runs to completion, finds the alert, rolls the update out and cleans up.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DemoScriptTests
{
    [Fact]
    [Trait("Requirement", "SR-EVT-E2E-009")]
    [Trait("Requirement", "SR-OTA-035")]
    public async Task Demo_script_ends_by_itself_with_the_integrity_alert_and_the_update_campaign_outcome()
    {
        var workspace = Directory.CreateTempSubdirectory("es-demo-").FullName;
        try
        {
            var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { Path.Combine(RepositoryPaths.Root, "scripts", "demo.sh"), "--devices", "3", "--duration", "6", "--workspace", workspace })
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10)); // builds the CLI and the host first: minutes on a shared machine
            await process.WaitForExitAsync(timeout.Token);
            var text = await output + await error;

            Assert.True(process.ExitCode == 0, text);
            Assert.Contains("demo: OK", text, StringComparison.Ordinal);
            Assert.Contains("integrity violation on sensor-0003 raised", text, StringComparison.Ordinal);

            // The update: two waves over three devices, the last one fails its health check and rolls back by itself.
            Assert.Contains("sensor-0001 (wave 1) confirmed a healthy boot of 2.0.0", text, StringComparison.Ordinal);
            Assert.Contains("sensor-0002 (wave 2) confirmed a healthy boot of 2.0.0", text, StringComparison.Ordinal);
            Assert.Contains("sensor-0003 (wave 2) failed its health check on 2.0.0 and went back to 1.0.0 by itself (Ota.HealthCheckFailed", text, StringComparison.Ordinal);
            Assert.Contains("campaign 1 completed: 2 of 3 device(s) confirmed, sensor-0003 rolled back (rollback events stored: 1)", text, StringComparison.Ordinal);

            // The trap stopped the host: nothing listens on the workspace's data any more.
            Assert.DoesNotContain(Process.GetProcesses(), p => CommandLineOf(p).Contains(workspace, StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(workspace, recursive: true);
        }
    }

    private static string CommandLineOf(Process process)
    {
        try
        {
            return File.ReadAllText($"/proc/{process.Id}/cmdline");
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
