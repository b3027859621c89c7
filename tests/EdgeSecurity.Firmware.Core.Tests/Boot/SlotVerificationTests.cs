using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;

namespace EdgeSecurity.Firmware.Core.Tests.Boot;

/// <summary>
/// One slot's verification result as the boot report carries it: the device prints each failure on its
/// console at boot ("EdgeSecurity boot: ..."), so the line must name the slot, the failure, the file and why.
/// </summary>
public sealed class SlotVerificationTests : IDisposable
{
    private static readonly TestRelease Release = new();
    private readonly TestDevice _device = new(Release);

    public void Dispose() => _device.Dispose();

    [Fact]
    [Trait("Requirement", "SR-BOOT-008")]
    public void A_failure_line_names_the_slot_the_failure_the_file_and_why()
    {
        var failure = SlotVerification.Failed(BootSlot.B, SlotFailure.ComponentDigestMismatch, "slots/b/c1.bin", "chunk 2 does not match");
        Assert.Equal("slot B: ComponentDigestMismatch (slots/b/c1.bin) chunk 2 does not match", failure.ToString());
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-008")]
    public void A_failure_about_no_file_has_no_file_in_its_line_and_no_bundle()
    {
        var failure = SlotVerification.Failed(BootSlot.A, SlotFailure.TrialAttemptsExhausted, null!, "trial started without being confirmed");
        Assert.Equal(string.Empty, failure.FileName);
        Assert.Equal("slot A: TrialAttemptsExhausted trial started without being confirmed", failure.ToString());
        // A failure before the manifest was read knows no bundle.
        Assert.False(failure.IsValid);
        Assert.Equal(string.Empty, failure.Version);
        Assert.Equal(-1, failure.SecurityCounter);
        Assert.Null(failure.Manifest);
        Assert.Null(failure.SignedManifestBytes);
    }

    [Fact]
    public void A_verified_slot_line_says_verified_and_names_no_file()
    {
        _device.Provision(Release.Bundle(1, 1, seed: 1));
        var verified = _device.Boot().Decision.Verified!;
        Assert.True(verified.IsValid);
        Assert.Equal(string.Empty, verified.FileName);
        Assert.Equal("slot A: verified " + verified.Detail, verified.ToString());
    }
}
