using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;
using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Firmware.HostPlatform.Clock;
using EdgeSecurity.Platform.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.Install;

/// <summary>The first bundle placed at provisioning as the confirmed slot (docs/boot.md, "first install").</summary>
public sealed class FactoryInstallTests : IDisposable
{
    private const string Staged = "staging/bundle.esb";
    private static readonly TestRelease Release = new();
    private readonly TestDevice _device = new(Release);

    public void Dispose() => _device.Dispose();

    private InstallResult Place(TestBundle bundle, DateTime? now = null)
    {
        var flash = _device.PowerOn();
        flash.Write(StorageLayout.TrustRootFile, 0, Release.SignedTrustRoot, 0, Release.SignedTrustRoot.Length);
        flash.Flush(StorageLayout.TrustRootFile);
        var container = bundle.Container;
        flash.Write(Staged, 0, container, 0, container.Length);
        flash.Flush(Staged);
        var clock = new SimulatedClock(now ?? DateTime.UtcNow);
        clock.SetWallClock(now ?? DateTime.UtcNow, trusted: true);
        return FactoryInstall.PlaceFirstBundle(flash, new Ed25519SignatureVerifier(), new HmacSha256MacPrimitive(), clock, TestRelease.HardwareClass, Staged);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-018")]
    public void The_first_bundle_is_the_confirmed_slot_with_its_counter_from_the_first_boot()
    {
        var first = Release.Bundle(3, 9, seed: 51);
        Assert.True(Place(first).IsAccepted);

        var boot = _device.Boot();
        Assert.Equal(BootMode.Run, boot.Decision.Mode);
        Assert.Equal(BootSlot.A, boot.Decision.Slot);
        Assert.False(boot.Decision.IsTrial);
        Assert.Equal(BootOutcome.Confirmed, boot.Report.Outcome);
        Assert.Equal(9, boot.Report.ConfirmedCounter);

        // Anti-rollback from day one: an older bundle is refused; a newer one goes to slot B as a trial.
        Assert.Equal(InstallFailure.CounterTooLow, boot.Installer().BeginInstall(Release.Bundle(2, 8, seed: 52).SignedManifest).Failure);
        TestDevice.Install(boot, Release.Bundle(4, 10, seed: 53));
        var trial = _device.Boot();
        Assert.True(trial.Decision.IsTrial);
        Assert.Equal(BootSlot.B, trial.Decision.Slot);
    }

    public static TheoryData<string, InstallFailure> Refused => new()
    {
        { "too few signatures", InstallFailure.SignatureInvalid },
        { "wrong hardware class", InstallFailure.WrongHardwareClass },
        { "expired", InstallFailure.Expired },
    };

    [Theory]
    [Trait("Requirement", "SR-BOOT-019")]
    [MemberData(nameof(Refused))]
    public void A_bundle_a_device_would_refuse_is_not_placed_and_nothing_is_confirmed(string problem, InstallFailure expected)
    {
        var result = problem switch
        {
            "too few signatures" => Place(Release.Bundle(1, 1, seed: 54, signers: 1)),
            "wrong hardware class" => Place(Release.Bundle(1, 1, seed: 54, hardwareClass: "esp32-other")),
            _ => Place(Release.Bundle(1, 1, seed: 54), DateTime.UtcNow.AddYears(3)),
        };

        Assert.Equal(expected, result.Failure);
        Assert.False(new BootStateStore(_device.PowerOn()).WasFound);
        Assert.Equal(BootMode.SafeMode, _device.Boot().Decision.Mode);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-019")]
    public void A_volume_that_is_not_blank_is_refused()
    {
        Assert.True(Place(Release.Bundle(1, 1, seed: 55)).IsAccepted);
        var again = Place(Release.Bundle(2, 2, seed: 56));
        Assert.Equal(InstallFailure.VolumeNotBlank, again.Failure);
        Assert.Equal(1, new BootStateStore(_device.PowerOn()).Current.ConfirmedCounter);
    }
}
