using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Simulator.Device;
using EdgeSecurity.Simulator.Faults;
using EdgeSecurity.Simulator.Provisioning;
using EdgeSecurity.Simulator.Release;

namespace EdgeSecurity.Simulator.Tests;

/// <summary>
/// The simulated device runs the core's update client: it subscribes to its offer and chunk topics, reports on
/// its OTA report topic, reboots itself on the client's request by booting its own flash again, and its
/// health-fail fault makes a new bundle roll back.
/// </summary>
public sealed class SimulatedDeviceOtaTests(UpdatePackageFixture fixture) : IClassFixture<UpdatePackageFixture>
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    [Fact]
    [Trait("Requirement", "SR-OTA-007")]
    public void An_offered_update_is_installed_and_confirmed_after_a_reboot_on_its_own_flash()
    {
        var (device, host) = Booted();
        host.Offer(fixture.Release.Updates[0], campaign: 2);

        RunUntil(device, () => host.Reports.Any(r => r.Stage == OtaStage.Confirmed));

        Assert.Equal(1, device.Statistics().Reboots);
        Assert.Equal("2.0.0.0", device.Runtime!.Decision.Report.Version);
        Assert.Equal(2, device.Runtime.Decision.Report.ConfirmedCounter);
        Assert.Equal(
            [OtaStage.Accepted, OtaStage.Verified, OtaStage.Installed, OtaStage.TrialBoot, OtaStage.Confirmed],
            host.Reports.Select(r => r.Stage).Where(s => s != OtaStage.Downloading));
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-007")]
    public void With_the_health_fail_fault_the_new_bundle_rolls_back_by_itself()
    {
        Assert.Equal("new bundles fail their health check (trial rolled back)", FaultSpec.Parse("health-fail:sim-1@0", TimeSpan.FromSeconds(10)).Description);
        var (device, host) = Booted();
        device.Inject(DeviceFaults.FailHealthChecks());
        host.Offer(fixture.Release.Updates[0], campaign: 3);

        RunUntil(device, () => host.Reports.Any(r => r.Stage == OtaStage.RolledBack));

        Assert.Equal(2, device.Statistics().Reboots);
        Assert.Equal("1.0.0.0", device.Runtime!.Decision.Report.Version);
        Assert.Equal(1, device.Runtime.Decision.Report.ConfirmedCounter);
        Assert.Equal(OtaReason.FromOta(OtaFailure.HealthCheckFailed), host.Reports[^1].Reason);
        Assert.DoesNotContain(host.Reports, r => r.Stage == OtaStage.Confirmed);
    }

    private (SimulatedDevice Device, ScriptedHostLink Host) Booted()
    {
        var package = DevicePackage.Load(fixture.PackageDirectory);
        var host = new ScriptedHostLink(package.DeviceId, package.ReadEventKey());
        var device = new SimulatedDevice(package, fixture.NewFlashDirectory(), host);
        device.Provision(fixture.Release.Bundle);
        device.PowerOn();
        return (device, host);
    }

    private static void RunUntil(SimulatedDevice device, Func<bool> done)
    {
        for (var i = 0; i < 2000 && !done(); i++)
        {
            device.Step(Tick);
        }

        Assert.True(done(), "the device did not get there in 200 simulated seconds");
    }
}

/// <summary>A package fixture whose release also has a later bundle to offer.</summary>
public sealed class UpdatePackageFixture : IDisposable
{
    private readonly PackageFixture _inner = new(SimulatorRelease.Create("esp32-sim", updates: 1));

    public SimulatorRelease Release => _inner.Release;

    public string PackageDirectory => _inner.PackageDirectory;

    public string NewFlashDirectory() => _inner.NewFlashDirectory();

    public void Dispose() => _inner.Dispose();
}
