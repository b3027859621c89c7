using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;
using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Firmware.HostPlatform.Clock;
using EdgeSecurity.Platform.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.Install;

/// <summary>
/// What factory placement (<see cref="FactoryInstall.PlaceFirstBundle"/>) leaves on a device volume: the boot
/// state it records for the first bundle, and what it refuses before writing anything.
/// </summary>
public sealed class FactoryPlacementTests : IDisposable
{
    private const string Staged = "staging/bundle.esb";
    private static readonly TestRelease Release = new();
    private readonly TestDevice _device = new(Release);
    private readonly TestBundle _first = Release.Bundle(3, 9, seed: 61);

    public void Dispose() => _device.Dispose();

    /// <summary>A volume as the provisioning station prepares it: trust root and the staged container.</summary>
    private IFlashStorage StagedVolume()
    {
        var flash = _device.PowerOn();
        flash.Write(StorageLayout.TrustRootFile, 0, Release.SignedTrustRoot, 0, Release.SignedTrustRoot.Length);
        flash.Flush(StorageLayout.TrustRootFile);
        var container = _first.Container;
        flash.Write(Staged, 0, container, 0, container.Length);
        flash.Flush(Staged);
        return flash;
    }

    private static SimulatedClock TrustedClock()
    {
        var clock = new SimulatedClock(DateTime.UtcNow);
        clock.SetWallClock(DateTime.UtcNow, trusted: true);
        return clock;
    }

    private string[] VolumeFiles() => _device.PowerOn().List(string.Empty);

    [Fact]
    [Trait("Requirement", "SR-BOOT-018")]
    public void The_placed_bundle_is_recorded_as_the_confirmed_slot_bound_to_its_manifest_with_no_trial_pending()
    {
        var result = FactoryInstall.PlaceFirstBundle(StagedVolume(), new Ed25519SignatureVerifier(), new HmacSha256MacPrimitive(), TrustedClock(), TestRelease.HardwareClass, Staged);

        Assert.True(result.IsAccepted, result.ToString());
        Assert.Equal(BootSlot.A, result.TargetSlot);
        Assert.Equal("bundle " + _first.Version + " placed in slot A as the confirmed slot, counter 9", result.Message);
        var state = new BootStateStore(_device.PowerOn()).Current;
        Assert.Equal(BootSlot.A, state.ConfirmedSlot);
        Assert.Equal(SlotStatus.Confirmed, state.GetStatus(BootSlot.A));
        Assert.True(ManifestDigest.AreEqual(ManifestDigest.Of(_first.SignedManifest), state.GetDigest(BootSlot.A)));
        Assert.Equal(SlotStatus.Empty, state.GetStatus(BootSlot.B));
        Assert.Equal(BootSlot.None, state.TrialSlot);
        Assert.Equal(0, state.TrialAttemptsLeft);
        Assert.Equal(9, state.ConfirmedCounter);
        Assert.Equal(BootOutcome.None, state.LastOutcome);
    }

    public static TheoryData<string> Arguments => new() { "volume", "signatures", "mac", "clock", "hardwareClass", "containerFile" };

    [Theory]
    [Trait("Requirement", "SR-BOOT-019")]
    [MemberData(nameof(Arguments))]
    public void A_missing_argument_is_named_before_anything_else_is_looked_at_and_nothing_is_written(string missing)
    {
        foreach (var blank in new[] { true, false })
        {
            var volume = StagedVolume();
            if (!blank)
            {
                // A caller's mistake is reported as such, also on a volume placement would refuse.
                volume.Write("slots/b/c0.bin", 0, [1], 0, 1);
                volume.Flush("slots/b/c0.bin");
            }

            AssertArgumentNamed(missing, volume);
        }
    }

    private void AssertArgumentNamed(string missing, IFlashStorage volume)
    {
        var before = VolumeFiles();

        var error = Assert.Throws<ArgumentNullException>(() => FactoryInstall.PlaceFirstBundle(
            missing == "volume" ? null! : volume,
            missing == "signatures" ? null! : new Ed25519SignatureVerifier(),
            missing == "mac" ? null! : new HmacSha256MacPrimitive(),
            missing == "clock" ? null! : TrustedClock(),
            missing == "hardwareClass" ? null! : TestRelease.HardwareClass,
            missing == "containerFile" ? null! : Staged));

        Assert.Equal(missing, error.ParamName);
        Assert.Equal(before, VolumeFiles());
    }

    [Theory]
    [Trait("Requirement", "SR-BOOT-019")]
    [InlineData("slots/a/")]
    [InlineData("slots/b/")]
    public void A_volume_with_files_in_either_slot_but_no_boot_state_is_not_blank_and_is_left_as_it_is(string slotDirectory)
    {
        var volume = StagedVolume();
        var leftover = slotDirectory + "c0.bin";
        volume.Write(leftover, 0, [1, 2, 3], 0, 3);
        volume.Flush(leftover);
        var before = VolumeFiles();

        var result = FactoryInstall.PlaceFirstBundle(volume, new Ed25519SignatureVerifier(), new HmacSha256MacPrimitive(), TrustedClock(), TestRelease.HardwareClass, Staged);

        Assert.Equal(InstallFailure.VolumeNotBlank, result.Failure);
        Assert.Equal(BootSlot.A, result.TargetSlot);
        Assert.Contains("blank", result.Message, StringComparison.Ordinal);
        Assert.Equal(before, VolumeFiles());
        Assert.False(new BootStateStore(_device.PowerOn()).WasFound);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-019")]
    public void A_slot_that_changes_after_the_install_verified_it_is_not_recorded_as_confirmed()
    {
        var flash = new InterposedFlash(StagedVolume());
        var component = BootSlot.ComponentFile(BootSlot.A, 0);
        var readsOfFirstChunk = 0;
        flash.BeforeRead = (name, position) =>
        {
            // The installer verified the whole slot once; before placement records it, a byte of it flips.
            if (name == component && position == 0 && ++readsOfFirstChunk == 2)
            {
                var disk = _device.PowerOn();
                var first = new byte[1];
                Assert.Equal(1, disk.Read(component, 0, first, 0, 1));
                first[0] ^= 0x01;
                disk.Write(component, 0, first, 0, 1);
                disk.Flush(component);
            }
        };

        var result = FactoryInstall.PlaceFirstBundle(flash, new Ed25519SignatureVerifier(), new HmacSha256MacPrimitive(), TrustedClock(), TestRelease.HardwareClass, Staged);

        Assert.Equal(2, readsOfFirstChunk);
        Assert.Equal(InstallFailure.SlotVerificationFailed, result.Failure);
        Assert.Equal(BootSlot.A, result.TargetSlot);
        var state = new BootStateStore(_device.PowerOn()).Current;
        Assert.Equal(BootSlot.None, state.ConfirmedSlot);
        Assert.NotEqual(SlotStatus.Confirmed, state.GetStatus(BootSlot.A));
        Assert.Equal(0, state.ConfirmedCounter);
        Assert.Equal(BootMode.SafeMode, _device.Boot().Decision.Mode);
    }
}
