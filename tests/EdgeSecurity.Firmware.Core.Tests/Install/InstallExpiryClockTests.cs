using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;

namespace EdgeSecurity.Firmware.Core.Tests.Install;

/// <summary>
/// Expiry is judged only by a trusted clock (docs/boot.md, decision 14): a device whose wall clock nobody
/// vouched for (after a reboot, before host time or SNTP is trusted) must not let that clock refuse updates.
/// </summary>
public sealed class InstallExpiryClockTests : IDisposable
{
    private static readonly TestRelease Release = new();
    private readonly TestDevice _device = new(Release);

    public InstallExpiryClockTests() => _device.Provision(Release.Bundle(1, 3, seed: 1));

    public void Dispose() => _device.Dispose();

    [Theory]
    [Trait("Requirement", "SR-TRUST-006")]
    [InlineData(false, InstallFailure.None)]
    [InlineData(true, InstallFailure.Expired)]
    public void A_clock_set_past_the_bundles_expiry_refuses_it_only_when_the_clock_is_trusted(bool trusted, InstallFailure expected)
    {
        var expires = DateTimeOffset.UtcNow.AddDays(30);
        var bundle = Release.Bundle(2, 3, seed: 2, expiresUnixSeconds: expires.ToUnixTimeSeconds());
        var installer = _device.Boot().Installer();
        _device.Clock.SetWallClock(expires.UtcDateTime.AddYears(2), trusted);

        Assert.Equal(expected, installer.BeginInstall(bundle.SignedManifest).Failure);
    }
}
