using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Firmware.Core.Integrity;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;
using EdgeSecurity.Platform.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.Integrity;

public sealed class IntegrityMonitorTests : IDisposable
{
    private const long Interval = 60_000;
    private const string DeviceConfig = "config/device.cfg";
    private static readonly TestRelease Release = new();
    private readonly TestDevice _device = new(Release);

    public IntegrityMonitorTests()
    {
        _device.Provision(Release.Bundle(1, 1, seed: 1));
        var flash = _device.PowerOn();
        var config = "broker=127.0.0.1:8883\n"u8.ToArray();
        flash.Write(DeviceConfig, 0, config, 0, config.Length);
        flash.Flush(DeviceConfig);
    }

    public void Dispose() => _device.Dispose();

    private static IntegrityMonitor Monitor(TestBootSession session, ContainmentState onViolation = ContainmentState.Contained)
    {
        var monitor = new IntegrityMonitor(session.Storage, session.State, new HmacSha256MacPrimitive(), session.Decision, session.TrustRoot, onViolation, Interval);
        monitor.WatchConfigurationFile(DeviceConfig);
        return monitor;
    }

    private static void Corrupt(TestBootSession session, string file)
    {
        var one = new byte[1];
        session.Storage.Read(file, 3, one, 0, 1);
        one[0] ^= 0x01;
        session.Storage.Write(file, 3, one, 0, 1);
        session.Storage.Flush(file);
    }

    [Fact]
    public void An_untouched_device_has_no_findings()
    {
        var session = _device.Boot();
        var monitor = Monitor(session);
        Assert.Empty(monitor.Check(0));
        Assert.Equal(ContainmentState.None, monitor.Containment);
    }

    [Theory]
    [Trait("Requirement", "SR-INT-001")]
    [Trait("Requirement", "SR-INT-002")]
    [InlineData("slots/a/c0.bin", IntegrityFindingKind.Component, "app.pe")]
    [InlineData("slots/a/c2.bin", IntegrityFindingKind.Configuration, "app.config")]
    [InlineData("slots/a/manifest.bin", IntegrityFindingKind.Manifest, "manifest")]
    [InlineData(DeviceConfig, IntegrityFindingKind.Configuration, DeviceConfig)]
    [InlineData(StorageLayout.TrustRootFile, IntegrityFindingKind.TrustStore, "trust root")]
    public void Tampering_gives_a_critical_finding_naming_the_file_and_contains_the_device(string file, IntegrityFindingKind kind, string subject)
    {
        var session = _device.Boot();
        Assert.Equal(BootSlot.A, session.Decision.Slot);
        var monitor = Monitor(session);
        Corrupt(session, file);

        var finding = Assert.Single(monitor.Check(1000));
        Assert.Equal(kind, finding.Kind);
        Assert.Equal(FindingSeverity.Critical, finding.Severity);
        Assert.Equal(file, finding.FileName);
        Assert.Equal(subject, finding.Subject);
        Assert.NotNull(finding.ActualDigest);
        Assert.NotEqual(finding.ExpectedDigest, finding.ActualDigest);
        Assert.Equal(ContainmentState.Contained, monitor.Containment);

        // Containment survives reboots: the application does not run again.
        for (var reboot = 0; reboot < 2; reboot++)
        {
            var after = _device.Boot();
            Assert.False(after.Decision.MayRunApplication, after.Report.ToString());
            Assert.Equal(ContainmentState.Contained, after.State.Current.Containment);
            Assert.Equal((int)kind, after.State.Current.ContainmentReason);
        }
    }

    [Theory]
    [Trait("Requirement", "SR-INT-003")]
    [InlineData("slots/a/c0.bin")]
    [InlineData(DeviceConfig)]
    public void Containment_is_left_only_by_installing_a_verified_bundle(string file)
    {
        var session = _device.Boot();
        var monitor = Monitor(session);
        Corrupt(session, file);
        Assert.NotEmpty(monitor.Check(0));

        // A tampered component also fails boot verification (safe mode); tampered device configuration
        // leaves a verified slot that must not run (contained). Either way no application code runs.
        var contained = _device.Boot();
        Assert.False(contained.Decision.MayRunApplication);
        Assert.Equal(ContainmentState.Contained, contained.Report.Containment);

        // A refused bundle (one signature of the two required) changes nothing.
        var refused = contained.Installer().BeginInstall(Release.Bundle(2, 2, seed: 2, signers: 1).SignedManifest);
        Assert.Equal(InstallFailure.SignatureInvalid, refused.Failure);
        Assert.Equal(ContainmentState.Contained, _device.Boot().Report.Containment);

        TestDevice.Install(_device.Boot(), Release.Bundle(2, 2, seed: 2));
        var trial = _device.Boot();
        Assert.Equal(BootMode.Run, trial.Decision.Mode);
        Assert.True(trial.Decision.IsTrial);
        Assert.Equal(ContainmentState.None, trial.State.Current.Containment);
    }

    [Fact]
    [Trait("Requirement", "SR-INT-001")]
    public void Scheduled_checks_run_when_the_interval_has_passed_and_on_demand()
    {
        var session = _device.Boot();
        var monitor = Monitor(session);
        Assert.Empty(monitor.Tick(5));
        Assert.Equal(5, monitor.LastCheckMilliseconds);

        Corrupt(session, "slots/a/c1.bin");
        Assert.Empty(monitor.Tick(5 + Interval - 1));
        Assert.Equal(5, monitor.LastCheckMilliseconds);

        var finding = Assert.Single(monitor.Tick(5 + Interval));
        Assert.Equal("lib.pe", finding.Subject);
        Assert.Single(monitor.Check(5 + Interval + 1));
    }

    [Fact]
    [Trait("Requirement", "SR-INT-002")]
    public void A_deleted_component_is_a_finding_without_actual_digest()
    {
        var session = _device.Boot();
        var monitor = Monitor(session);
        session.Storage.Delete("slots/a/c1.bin");
        var finding = Assert.Single(monitor.Check(0));
        Assert.Null(finding.ActualDigest);
        Assert.Contains("missing", finding.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ContainmentState.ReportOnly, BootMode.Run)]
    [InlineData(ContainmentState.None, BootMode.Run)]
    public void Milder_policies_report_without_stopping_the_application(ContainmentState policy, BootMode bootModeAfter)
    {
        var session = _device.Boot();
        var monitor = Monitor(session, policy);
        Corrupt(session, DeviceConfig);
        Assert.Single(monitor.Check(0));
        Assert.Equal(policy, monitor.Containment);

        var after = _device.Boot();
        Assert.Equal(bootModeAfter, after.Decision.Mode);
        Assert.Equal(policy, after.Report.Containment);
    }
}
