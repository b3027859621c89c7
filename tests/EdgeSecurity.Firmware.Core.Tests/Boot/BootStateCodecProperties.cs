using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Integrity;
using FsCheck.Fluent;

namespace EdgeSecurity.Firmware.Core.Tests.Boot;

/// <summary>The boot state record parser over random and mutated bytes (it reads whatever is on flash).</summary>
public sealed class BootStateCodecProperties
{
    private static BootState Random(Random random)
    {
        var state = new BootState
        {
            ConfirmedSlot = random.Next(3),
            TrialAttemptsLeft = random.Next(256),
            ConfirmedCounter = random.NextInt64(0, long.MaxValue),
            BootCount = random.NextInt64(0, long.MaxValue),
            Sequence = (uint)random.NextInt64(0, uint.MaxValue),
            LastOutcome = (BootOutcome)random.Next(6),
            Containment = (ContainmentState)random.Next(3),
            ContainmentReason = random.Next(5),
            LastRollbackReason = (RollbackReason)random.Next(4),
            LastRolledBackSlot = random.Next(3),
        };
        state.TrialSlot = random.Next(2) == 0 ? BootSlot.None : BootSlot.Other(state.ConfirmedSlot);
        foreach (var slot in new[] { BootSlot.A, BootSlot.B })
        {
            var digest = new byte[ManifestDigest.Length];
            random.NextBytes(digest);
            state.SetSlot(slot, (SlotStatus)random.Next(4), digest);
        }

        return state;
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-014")]
    public void Every_state_round_trips_and_any_single_changed_byte_is_refused()
    {
        var property = Prop.ForAll(
            Gen.Choose(0, int.MaxValue).ToArbitrary(),
            Gen.Choose(0, BootStateCodec.RecordLength - 1).ToArbitrary(),
            (seed, position) =>
            {
                var state = Random(new Random(seed));
                var record = BootStateCodec.Encode(state);
                var decoded = BootStateCodec.TryDecode(record, record.Length, out var format);
                Assert.NotNull(decoded);
                Assert.Equal(2, format);
                Assert.Equal(record, BootStateCodec.Encode(decoded));

                record[position] ^= (byte)(1 + (seed % 255));
                return BootStateCodec.TryDecode(record, record.Length, out _) is null;
            });
        FsCheck.Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-014")]
    public void Random_bytes_of_any_length_never_throw_and_are_not_a_state()
    {
        var property = Prop.ForAll(
            ArbMap.Default.ArbFor<byte[]>(),
            bytes =>
            {
                // Keep the magic sometimes so the parser gets past the first check.
                if (bytes.Length > 5 && bytes[0] % 2 == 0)
                {
                    "ESBS"u8.CopyTo(bytes);
                    bytes[4] = (byte)(1 + (bytes[5] % 2));
                }

                return BootStateCodec.TryDecode(bytes, bytes.Length, out _) is null;
            });
        FsCheck.Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }
}
