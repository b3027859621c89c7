using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;
using EdgeSecurity.Firmware.HostPlatform.Storage;

namespace EdgeSecurity.Firmware.Core.Tests.Boot;

/// <summary>
/// Boot state format 2 (slot records) and the migration of a device that still holds format 1
/// (docs/boot.md, "boot state record"). The format-1 record is written byte by byte from the documented
/// layout, not with the codec.
/// </summary>
public sealed class BootStateMigrationTests : IDisposable
{
    private static readonly TestRelease Release = new();
    private static readonly TestBundle V1 = Release.Bundle(1, 1, seed: 1);
    private static readonly TestBundle V2 = Release.Bundle(2, 2, seed: 2);
    private readonly TestDevice _device = new(Release);

    public BootStateMigrationTests() => _device.Provision(V1);

    public void Dispose() => _device.Dispose();

    /// <summary>The 36-byte format-1 record: "ESBS", 1, confirmed, trial, attempts, outcome, containment, reason, rollback, seq, counter, boots, CRC-32.</summary>
    private static byte[] Format1(int confirmed, int trial, int attempts, uint sequence, long counter, long boots)
    {
        var record = new byte[36];
        "ESBS"u8.CopyTo(record);
        record[4] = 1;
        record[5] = (byte)confirmed;
        record[6] = (byte)trial;
        record[7] = (byte)attempts;
        record[8] = (byte)BootOutcome.Confirmed;
        BitConverter.TryWriteBytes(record.AsSpan(12), sequence);
        BitConverter.TryWriteBytes(record.AsSpan(16), counter);
        BitConverter.TryWriteBytes(record.AsSpan(24), boots);
        BitConverter.TryWriteBytes(record.AsSpan(32), Crc32.Compute(record, 0, 32));
        return record;
    }

    private void ReplaceStateWithFormat1(byte[] record)
    {
        var flash = _device.PowerOn();
        flash.Delete(StorageLayout.BootStateCopy0);
        flash.Delete(StorageLayout.BootStateCopy1);
        flash.Write(StorageLayout.BootStateCopy1, 0, record, 0, record.Length);
        flash.Flush(StorageLayout.BootStateCopy1);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-014")]
    public void Slot_records_survive_a_reboot_in_format_2()
    {
        var stored = new BootStateStore(_device.PowerOn());
        Assert.Equal(2, stored.FormatRead);
        Assert.Equal(72, _device.PowerOn().GetLength(StorageLayout.BootStateCopy0));
        Assert.Equal(72, _device.PowerOn().GetLength(StorageLayout.BootStateCopy1));
        var state = stored.Current;
        Assert.Equal(SlotStatus.Confirmed, state.GetStatus(BootSlot.A));
        Assert.Equal(ManifestDigest.Of(V1.SignedManifest), state.GetDigest(BootSlot.A));
        Assert.Equal(SlotStatus.Empty, state.GetStatus(BootSlot.B));
        Assert.Equal(new byte[ManifestDigest.Length], state.GetDigest(BootSlot.B));
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-014")]
    public void A_format_1_device_keeps_booting_its_confirmed_slot_and_is_rewritten_in_format_2()
    {
        ReplaceStateWithFormat1(Format1(BootSlot.A, BootSlot.None, 0, sequence: 9, counter: 1, boots: 40));

        var store = new BootStateStore(_device.PowerOn());
        Assert.Equal(1, store.FormatRead);
        Assert.Equal(SlotStatus.Confirmed, store.Current.GetStatus(BootSlot.A));

        var boot = _device.Boot();
        Assert.Equal(BootMode.Run, boot.Decision.Mode);
        Assert.Equal(V1.Version, boot.Report.Version);
        Assert.Equal(41, boot.Report.BootCount);
        var after = new BootStateStore(_device.PowerOn());
        Assert.Equal(2, after.FormatRead);
        Assert.Equal(1, after.Current.ConfirmedCounter);
        Assert.Equal(ManifestDigest.Of(V1.SignedManifest), after.Current.GetDigest(BootSlot.A));
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-014")]
    public void A_format_1_pending_trial_stays_a_counted_trial_and_can_be_confirmed()
    {
        TestDevice.Install(_device.Boot(), V2);
        ReplaceStateWithFormat1(Format1(BootSlot.A, BootSlot.B, 3, sequence: 9, counter: 1, boots: 40));

        var trial = _device.Boot();
        Assert.True(trial.Decision.IsTrial, trial.Report.ToString());
        Assert.Equal(2, trial.Report.TrialAttemptsLeft);
        trial.Manager.Confirm();
        var confirmed = _device.Boot();
        Assert.Equal(V2.Version, confirmed.Report.Version);
        Assert.Equal(V2.Counter, confirmed.Report.ConfirmedCounter);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-014")]
    [Trait("Requirement", "SR-BOOT-004")]
    public void A_format_1_trial_whose_manifest_is_gone_is_rolled_back_with_the_reason()
    {
        // An older firmware's pending trial whose manifest file was lost (flash damage, or an interrupted
        // write of that firmware): the migration cannot record slot B as a pending install.
        TestDevice.Install(_device.Boot(), V2);
        ReplaceStateWithFormat1(Format1(BootSlot.A, BootSlot.B, 3, sequence: 9, counter: 1, boots: 40));
        _device.PowerOn().Delete(BootSlot.ManifestFile(BootSlot.B));
        Assert.Equal(SlotStatus.Empty, new BootStateStore(_device.PowerOn()).Current.GetStatus(BootSlot.B));

        var boot = _device.Boot();
        Assert.Equal(BootMode.Run, boot.Decision.Mode);
        Assert.Equal(BootSlot.A, boot.Decision.Slot);
        Assert.False(boot.Decision.IsTrial);
        Assert.Equal(BootOutcome.RolledBack, boot.Report.Outcome);
        Assert.Equal(BootSlot.B, boot.Report.RolledBackFrom);
        var failure = Assert.Single(boot.Report.Failures);
        Assert.Equal(BootSlot.B, failure.Slot);
        Assert.Equal(SlotFailure.NotRecordedBundle, failure.Failure);
        Assert.Equal("the boot state does not record slot B as a pending install", failure.Detail); // what the operator reads
        Assert.Equal(BootSlot.None, boot.State.Current.TrialSlot);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-014")]
    [Trait("Requirement", "SR-BOOT-012")]
    public void After_migration_the_slot_format_1_cannot_vouch_for_is_not_a_fallback()
    {
        // Format 1 cannot say whether slot B holds an older good bundle or a rejected one: it is not trusted.
        TestDevice.Install(_device.Boot(), V2);
        ReplaceStateWithFormat1(Format1(BootSlot.A, BootSlot.None, 0, sequence: 9, counter: 1, boots: 40));
        var flash = _device.PowerOn();
        flash.Delete(BootSlot.ComponentFile(BootSlot.A, 0));

        var boot = _device.Boot();
        Assert.Equal(BootMode.SafeMode, boot.Decision.Mode);
    }

    [Theory]
    [Trait("Requirement", "SR-BOOT-014")]
    [Trait("Requirement", "SR-BOOT-006")]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(0.6)]
    [InlineData(1.0)]
    public void A_power_cut_during_the_first_format_2_save_leaves_a_readable_state(double torn)
    {
        ReplaceStateWithFormat1(Format1(BootSlot.A, BootSlot.None, 0, sequence: 9, counter: 1, boots: 40));
        // Make both copies format 1 so the cut save overwrites one of them.
        var flash = _device.PowerOn();
        var older = Format1(BootSlot.A, BootSlot.None, 0, sequence: 8, counter: 1, boots: 39);
        flash.Write(StorageLayout.BootStateCopy0, 0, older, 0, older.Length);
        flash.Flush(StorageLayout.BootStateCopy0);

        Assert.Throws<PowerLossException>(() => _device.Boot(_device.PowerOn(new PowerCutPlan(1, torn))));

        var after = new BootStateStore(_device.PowerOn());
        Assert.True(after.WasFound);
        Assert.Equal(1, after.Current.ConfirmedCounter);
        Assert.Equal(torn == 1.0 ? 41 : 40, after.Current.BootCount);
        Assert.Equal(V1.Version, _device.Boot().Report.Version);
    }
}
