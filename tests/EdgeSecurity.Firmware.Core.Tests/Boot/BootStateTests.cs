using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Integrity;

namespace EdgeSecurity.Firmware.Core.Tests.Boot;

/// <summary>
/// The slot records of the in-memory boot state: what a record vouches for can change only through
/// <see cref="BootState.SetSlot"/>, never through an array handed out, and a copy is a separate state.
/// </summary>
public sealed class BootStateTests
{
    private static byte[] Digest(byte fill) => Enumerable.Repeat(fill, ManifestDigest.Length).ToArray();

    [Fact]
    public void A_record_keeps_its_own_copy_of_the_digest_and_hands_out_copies()
    {
        var state = new BootState();
        var digest = Digest(0x11);
        state.SetSlot(BootSlot.B, SlotStatus.Confirmed, digest);
        digest[0] = 0xFF; // the caller's array changes after the call
        var handedOut = state.GetDigest(BootSlot.B);
        handedOut[1] = 0xEE; // and so does the one handed out

        Assert.Equal(Digest(0x11), state.GetDigest(BootSlot.B));
        Assert.Equal(SlotStatus.Confirmed, state.GetStatus(BootSlot.B));
        Assert.Equal(SlotStatus.Empty, state.GetStatus(BootSlot.A));
        Assert.Equal(new byte[ManifestDigest.Length], state.GetDigest(BootSlot.A));
    }

    [Fact]
    public void An_empty_record_vouches_for_no_manifest_even_when_given_a_digest()
    {
        var state = new BootState();
        state.SetSlot(BootSlot.A, SlotStatus.Confirmed, Digest(0x22));
        state.SetSlot(BootSlot.A, SlotStatus.Empty, Digest(0x22));
        Assert.Equal(SlotStatus.Empty, state.GetStatus(BootSlot.A));
        Assert.Equal(new byte[ManifestDigest.Length], state.GetDigest(BootSlot.A));

        state.SetSlot(BootSlot.A, SlotStatus.Rejected, null);
        Assert.Equal(SlotStatus.Rejected, state.GetStatus(BootSlot.A));
        Assert.Equal(new byte[ManifestDigest.Length], state.GetDigest(BootSlot.A));
    }

    [Fact]
    public void No_slot_has_no_record()
    {
        var state = new BootState();
        state.SetSlot(BootSlot.A, SlotStatus.Confirmed, Digest(0x33));
        state.SetSlot(BootSlot.B, SlotStatus.Pending, Digest(0x44));
        Assert.Equal(SlotStatus.Empty, state.GetStatus(BootSlot.None));
        Assert.Equal(new byte[ManifestDigest.Length], state.GetDigest(BootSlot.None));
        Assert.Equal(SlotStatus.Empty, state.GetStatus(3));
        Assert.Equal(new byte[ManifestDigest.Length], state.GetDigest(3));
    }

    [Theory]
    [InlineData(BootSlot.None)]
    [InlineData(3)]
    public void A_record_for_no_slot_is_an_argument_error(int slot)
    {
        var state = new BootState();
        Assert.Equal("slot", Assert.Throws<ArgumentOutOfRangeException>(() => state.SetSlot(slot, SlotStatus.Confirmed, Digest(1))).ParamName);
        Assert.Equal(SlotStatus.Empty, state.GetStatus(BootSlot.A));
        Assert.Equal(SlotStatus.Empty, state.GetStatus(BootSlot.B));
    }

    [Theory]
    [InlineData(ManifestDigest.Length - 1)]
    [InlineData(ManifestDigest.Length + 1)]
    public void A_digest_of_another_length_is_an_argument_error_and_changes_nothing(int length)
    {
        var state = new BootState();
        state.SetSlot(BootSlot.A, SlotStatus.Pending, Digest(0x55));
        var error = Assert.Throws<ArgumentException>(() => state.SetSlot(BootSlot.A, SlotStatus.Confirmed, new byte[length]));
        Assert.Equal("digest", error.ParamName);
        Assert.StartsWith($"A slot digest is {ManifestDigest.Length} bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(SlotStatus.Pending, state.GetStatus(BootSlot.A));
        Assert.Equal(Digest(0x55), state.GetDigest(BootSlot.A));
    }

    [Fact]
    public void A_copy_has_every_field_and_changes_apart_from_the_original()
    {
        var state = new BootState
        {
            Sequence = 5,
            ConfirmedSlot = BootSlot.A,
            TrialSlot = BootSlot.B,
            TrialAttemptsLeft = 2,
            ConfirmedCounter = 9,
            BootCount = 77,
            LastOutcome = BootOutcome.Fallback,
            LastRollbackReason = RollbackReason.HealthCheckFailed,
            LastRolledBackSlot = BootSlot.B,
            Containment = ContainmentState.Contained,
            ContainmentReason = (int)IntegrityFindingKind.Component,
        };
        state.SetSlot(BootSlot.A, SlotStatus.Confirmed, Digest(0x66));
        state.SetSlot(BootSlot.B, SlotStatus.Pending, Digest(0x77));

        var copy = state.Copy();
        Assert.Equal(BootStateCodec.Encode(state), BootStateCodec.Encode(copy));
        Assert.Equal(5u, copy.Sequence);
        Assert.Equal(BootOutcome.Fallback, copy.LastOutcome);

        copy.SetSlot(BootSlot.A, SlotStatus.Rejected, Digest(0x88));
        copy.BootCount = 78;
        Assert.Equal(SlotStatus.Confirmed, state.GetStatus(BootSlot.A));
        Assert.Equal(Digest(0x66), state.GetDigest(BootSlot.A));
        Assert.Equal(77, state.BootCount);
    }
}
