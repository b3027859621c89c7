using EdgeSecurity.EndToEnd.Tests.Support;
using EdgeSecurity.Simulator.Faults;

namespace EdgeSecurity.EndToEnd.Tests;

/// <summary>Attacks on a device's flash and identity reach the host as the right alerts.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DetectionTests(EndToEndFleet fleet)
{
    [Fact]
    [Trait("Requirement", "SR-EVT-E2E-004")]
    public async Task Changed_application_component_raises_an_integrity_violation_alert()
    {
        await using var run = await EndToEndRun.StartAsync(fleet, "integrity");
        var devices = await run.StartDevicesAsync(3);
        devices.Inject("dev-2", "integrity", DeviceFaults.IntegrityViolation());

        await WaitForAlertAsync(run, "dev-2", "integrity-violation");
        Assert.Equal(0, HostDatabase.AlertCount(run.Host.DatabasePath, "dev-1", "integrity-violation"));
        Assert.Equal(1, devices["dev-2"].Statistics().IntegrityFindings);
    }

    [Theory]
    [InlineData(TamperKind.Flip, "chain-break")]
    [InlineData(TamperKind.Delete, "chain-break")]
    [Trait("Requirement", "SR-EVT-E2E-005")]
    public async Task Journal_record_tampered_on_flash_raises_the_matching_alert(TamperKind kind, string rule)
    {
        await using var run = await EndToEndRun.StartAsync(fleet, "tamper-" + kind);
        var devices = await run.StartDevicesAsync(1);
        await run.DrainAsync();
        devices.Inject("dev-1", "tamper", DeviceFaults.TamperJournal(kind));

        await WaitForAlertAsync(run, "dev-1", rule);
    }

    private static async Task WaitForAlertAsync(EndToEndRun run, string deviceId, string rule)
    {
        for (var i = 0; i < 200; i++)
        {
            if (HostDatabase.AlertCount(run.Host.DatabasePath, deviceId, rule) > 0)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"no '{rule}' alert for {deviceId} within 20 s; alerts: {HostDatabase.Scalar(run.Host.DatabasePath, "select count(*) from alerts")}\n{run.Host.Log[^Math.Min(3000, run.Host.Log.Length)..]}");
    }
}
