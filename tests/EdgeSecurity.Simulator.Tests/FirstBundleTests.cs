using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Provisioning;
using EdgeSecurity.Simulator.Device;
using EdgeSecurity.Simulator.Provisioning;
using EdgeSecurity.Simulator.Release;

namespace EdgeSecurity.Simulator.Tests;

/// <summary>
/// A provisioning package enrolled with a first bundle (docs/formats/provisioning.md, "volume/"): the
/// simulated device deploys the package's volume as a board's file deployment would and runs the bundle,
/// verified, from its first boot.
/// </summary>
public sealed class FirstBundleTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("es-first-").FullName;
    private readonly SimulatorRelease _release = SimulatorRelease.Create("esp32-sim", "2.1.0");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Enroll(string id)
    {
        var (trustRoot, bundle) = _release.WriteTo(Path.Combine(_root, "release"));
        FleetPki.Initialize(new PkiInitOptions { Directory = Path.Combine(_root, "pki") });
        DeviceEnrollment.Enroll(new EnrollmentOptions
        {
            PkiDirectory = Path.Combine(_root, "pki"),
            DeviceIds = [id],
            BrokerHost = "localhost",
            BrokerPort = 8883,
            TrustRootPath = trustRoot,
            HardwareClass = "esp32-sim",
            OutputDirectory = Path.Combine(_root, "packages"),
            FirstBundlePath = bundle,
        });
        return Path.Combine(_root, "packages", id);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-018")]
    public void A_device_provisioned_with_a_first_bundle_runs_it_verified_and_confirmed_at_its_first_boot()
    {
        var package = DevicePackage.Load(Enroll("first-1"));
        Assert.NotNull(package.VolumeDirectory);
        var device = new SimulatedDevice(package, Path.Combine(_root, "flash"), new OfflineLink());
        Assert.True(device.HasFirstBundle);
        Assert.False(device.IsProvisioned);

        device.DeployVolume();
        device.PowerOn();

        var decision = device.Runtime!.Decision;
        Assert.Equal(BootMode.Run, decision.Mode);
        Assert.Equal(BootSlot.A, decision.Slot);
        Assert.False(decision.IsTrial);
        Assert.Equal(BootOutcome.Confirmed, decision.Report.Outcome);
        Assert.Equal("2.1.0.0", decision.Report.Version);
        Assert.Equal(1, decision.Report.BootCount);
        Assert.Equal(1, decision.Report.ConfirmedCounter); // the bundle's counter, from day one
        Assert.Empty(decision.Report.Failures);
        Assert.True(decision.Report.StateFound);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-018")]
    public void The_package_volume_is_listed_in_the_checksums_and_holds_no_secret()
    {
        var directory = Enroll("first-2");
        var sums = File.ReadAllText(Path.Combine(directory, ProvisioningPackage.ChecksumsFile));
        foreach (var name in new[] { "volume/trust/root.bin", "volume/slots/a/manifest.bin", "volume/slots/a/c0.bin", "volume/slots/a/c1.bin" })
        {
            Assert.Contains("  " + name + "\n", sums, StringComparison.Ordinal);
        }

        var volumeFiles = Directory.EnumerateFiles(Path.Combine(directory, "volume"), "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(volumeFiles, f => f.EndsWith(Path.Combine("boot", "state1.bin"), StringComparison.Ordinal));
        var eventKey = File.ReadAllBytes(Path.Combine(directory, ProvisioningPackage.EventKeyFile));
        Assert.All(volumeFiles, f => Assert.False(File.ReadAllBytes(f).AsSpan().IndexOf(eventKey) >= 0, $"{f} holds the event key"));
        Assert.DoesNotContain(volumeFiles, f => f.Contains("staging", StringComparison.Ordinal));
    }
}
