using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Integrity;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Tests.Boot;

/// <summary>
/// The checks of a stored boot state record beyond its CRC (docs/boot.md, "boot state record"): a record whose
/// CRC is right but whose contents no firmware writes (another file's bytes, a newer format, a damaged
/// writer, a crafted copy) is not a state, so the store reads the other copy instead. Each record here is a
/// valid one with one field changed and its CRC recomputed, so only the check under test can refuse it.
/// </summary>
public sealed class BootStateRecordCheckTests
{
    private static BootState Valid() => new()
    {
        ConfirmedSlot = BootSlot.A,
        TrialSlot = BootSlot.B,
        TrialAttemptsLeft = 2,
        ConfirmedCounter = 7,
        BootCount = 40,
        Sequence = 9,
        LastOutcome = BootOutcome.Trial,
        Containment = ContainmentState.ReportOnly,
        ContainmentReason = (int)IntegrityFindingKind.Configuration,
        LastRollbackReason = RollbackReason.HealthCheckFailed,
        LastRolledBackSlot = BootSlot.B,
    };

    /// <summary>The record of <see cref="Valid"/> with <paramref name="change"/> applied and the CRC made right again.</summary>
    private static byte[] Resealed(Action<byte[]> change, BootState? state = null)
    {
        var record = BootStateCodec.Encode(state ?? Valid());
        change(record);
        BitConverter.TryWriteBytes(record.AsSpan(68), Crc32.Compute(record, 0, 68));
        return record;
    }

    public static TheoryData<string, byte, byte> ImpossibleFields() => new()
    {
        { "magic 'E'", 0, (byte)'X' },
        { "magic 'S'", 1, (byte)'X' },
        { "magic 'B'", 2, (byte)'X' },
        { "magic last 'S'", 3, (byte)'X' },
        { "unknown format 3", 4, 3 },
        { "confirmed slot 3", 5, 3 },
        { "trial slot 3", 6, 3 },
        { "trial slot equal to the confirmed slot", 6, (byte)BootSlot.A },
        { "rolled-back slot 3", 11, (((int)RollbackReason.HealthCheckFailed) << 4) | 3 },
        { "containment state 3", 9, 3 },
        { "negative confirmed counter", 23, 0x80 },
        { "negative boot count", 31, 0x80 },
        { "slot A status 4", 32, 4 },
        { "slot B status 4", 33, 4 },
        { "first reserved byte not 0", 34, 1 },
        { "second reserved byte not 0", 35, 1 },
    };

    [Theory]
    [Trait("Requirement", "SR-BOOT-014")]
    [MemberData(nameof(ImpossibleFields))]
    public void A_record_with_a_right_CRC_but_a_field_no_firmware_writes_is_not_a_state(string field, byte offset, byte value)
    {
        var record = Resealed(r => r[offset] = value);
        Assert.True(BootStateCodec.TryDecode(record, record.Length, out var format) is null, field);
        Assert.Equal(0, format);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-014")]
    public void The_largest_value_each_field_may_hold_is_still_a_state()
    {
        var state = Valid();
        state.ConfirmedSlot = BootSlot.B;
        state.TrialSlot = BootSlot.A;
        state.LastRolledBackSlot = BootSlot.B;
        state.Containment = ContainmentState.Contained;
        state.ConfirmedCounter = long.MaxValue;
        state.BootCount = long.MaxValue;
        state.SetSlot(BootSlot.A, SlotStatus.Rejected, new byte[ManifestDigest.Length]);
        state.SetSlot(BootSlot.B, SlotStatus.Rejected, new byte[ManifestDigest.Length]);
        var record = BootStateCodec.Encode(state);

        var decoded = BootStateCodec.TryDecode(record, record.Length, out var format);
        Assert.NotNull(decoded);
        Assert.Equal(2, format);
        Assert.Equal(record, BootStateCodec.Encode(decoded));
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-014")]
    public void A_blank_device_state_with_no_slot_and_zero_counters_is_a_state()
    {
        var record = BootStateCodec.Encode(new BootState());
        var decoded = BootStateCodec.TryDecode(record, record.Length, out var format);
        Assert.NotNull(decoded);
        Assert.Equal(2, format);
        Assert.Equal(record, BootStateCodec.Encode(decoded));
    }
}
