using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;

namespace EdgeSecurity.Firmware.Core.Tests.Boot;

/// <summary>
/// The one-line boot summary the ESP32 app prints on its console at every boot (firmware/EdgeSecurity.Firmware.Esp32):
/// what a technician at the bench reads to tell a trial from a confirmed run, and safe mode with every reason.
/// </summary>
public sealed class BootReportTextTests : IDisposable
{
    private static readonly TestRelease Release = new();
    private static readonly TestBundle V1 = Release.Bundle(1, 1, seed: 1);
    private static readonly TestBundle V2 = Release.Bundle(2, 5, seed: 2);
    private readonly TestDevice _device = new(Release);

    public BootReportTextTests() => _device.Provision(V1);

    public void Dispose() => _device.Dispose();

    [Fact]
    [Trait("Requirement", "SR-BOOT-003")]
    public void A_trial_boot_says_trial_with_the_bundle_counter_over_the_confirmed_one()
    {
        TestDevice.Install(_device.Boot(), V2);
        var report = _device.Boot().Report;
        Assert.Equal($"boot {report.BootCount}: Run slot B (trial) version {V2.Version} counter 5/1", report.ToString());
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-005")]
    public void A_confirmed_boot_does_not_say_trial()
    {
        _device.InstallAndConfirm(V2);
        var report = _device.Boot().Report;
        Assert.Equal($"boot {report.BootCount}: Run slot B version {V2.Version} counter 5/5", report.ToString());
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-008")]
    public void Safe_mode_says_no_slot_no_version_no_counter_and_every_failure_in_the_order_tried()
    {
        _device.InstallAndConfirm(V2);
        var flash = _device.PowerOn();
        flash.Delete(BootSlot.ComponentFile(BootSlot.A, 0));
        flash.Delete(BootSlot.ComponentFile(BootSlot.B, 1));

        var report = _device.Boot().Report;
        Assert.Equal(BootMode.SafeMode, report.Mode);
        Assert.Equal(2, report.Failures.Length);
        Assert.Equal(
            $"boot {report.BootCount}: SafeMode slot none version  counter -1/5; {report.Failures[0]}; {report.Failures[1]}",
            report.ToString());
        Assert.StartsWith("slot B: ", report.Failures[0].ToString(), StringComparison.Ordinal);
        Assert.StartsWith("slot A: ", report.Failures[1].ToString(), StringComparison.Ordinal);
    }
}
