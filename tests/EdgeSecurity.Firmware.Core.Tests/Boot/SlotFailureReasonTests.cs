using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;

namespace EdgeSecurity.Firmware.Core.Tests.Boot;

/// <summary>
/// The reason a slot is refused at boot, as the boot report names it (the bundle verifier's reason mapped by
/// <c>SlotFailures</c>): a genuinely signed bundle the device must not run, its manifest copied over the confirmed slot. Expiry is
/// not a boot check (decision 14), so a boot never reports <c>Expired</c>.
/// </summary>
public sealed class SlotFailureReasonTests : IDisposable
{
    private static readonly TestRelease Release = new();
    private readonly TestDevice _device = new(Release);

    public void Dispose() => _device.Dispose();

    [Fact]
    [Trait("Requirement", "SR-BOOT-002")]
    public void A_signed_bundle_for_another_hardware_class_is_refused_with_that_reason()
    {
        var v1 = Release.Bundle(1, 3, seed: 1);
        _device.Provision(v1);
        _device.InstallAndConfirm(Release.Bundle(2, 3, seed: 2));
        var foreign = Release.Bundle(3, 3, seed: 3, hardwareClass: "other-board");
        var flash = _device.PowerOn();
        flash.Delete(BootSlot.ManifestFile(BootSlot.B));
        flash.Write(BootSlot.ManifestFile(BootSlot.B), 0, foreign.SignedManifest, 0, foreign.SignedManifest.Length);
        flash.Flush(BootSlot.ManifestFile(BootSlot.B));

        var boot = _device.Boot();

        Assert.Equal(BootSlot.A, boot.Decision.Slot);
        Assert.Equal(v1.Version, boot.Report.Version);
        var failure = Assert.Single(boot.Report.Failures);
        Assert.Equal((BootSlot.B, SlotFailure.WrongHardwareClass), (failure.Slot, failure.Failure));
    }
}
