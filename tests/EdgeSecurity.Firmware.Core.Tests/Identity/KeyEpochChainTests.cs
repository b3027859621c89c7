using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Tests.Events.Support;
using EdgeSecurity.Firmware.Core.Tests.Journal;

namespace EdgeSecurity.Firmware.Core.Tests.Identity;

/// <summary>
/// Re-enrolment with a new event key (a new key epoch) on the device's journal and in the chain verifier the
/// host uses: the journal kept across the re-enrolment continues the chain under the new key, a journal that
/// restarts starts a new chain in the new epoch's sequence band, and the old key can add nothing.
/// </summary>
public sealed class KeyEpochChainTests
{
    private sealed class Ring : IEventKeyRing
    {
        public Dictionary<ushort, byte[]> Keys { get; } = [];

        public byte[] KeyFor(ushort epoch) => Keys.TryGetValue(epoch, out var key) ? key : null!;
    }

    [Fact]
    [Trait("Requirement", "SR-ID-002")]
    public void A_journal_kept_across_a_reenrolment_verifies_old_records_under_the_old_key_and_new_ones_under_the_new()
    {
        using var device = new EventLogHarness();
        var ring = new Ring();
        ring.Keys[0] = device.Key;
        device.Log.Record(EventLogHarness.Security(1));
        device.Log.Record(EventLogHarness.Security(2));

        device.Reenrol(1);
        ring.Keys[1] = device.Key;
        device.Log.Record(EventLogHarness.Security(3));

        var verifier = new EventChainVerifier(new TestMac(), ring, EventLogHarness.DeviceId, 0, 0, EventChain.Genesis());
        var entries = device.Entries();
        var epochs = entries.Select(e => EventRecordCodec.Decode(e.Record).KeyEpoch).ToList();
        Assert.Contains((ushort)0, epochs);
        Assert.Contains((ushort)1, epochs);
        Assert.Equal(epochs.OrderBy(e => e), epochs);
        foreach (var entry in entries)
        {
            Assert.Equal(ChainVerdict.Linked, verifier.Check(entry.PreviousMac, entry.Record, entry.Mac));
        }

        Assert.Equal(1, verifier.HeadEpoch);
        Assert.True(verifier.HeadSequence > EventRecord.EpochSequenceBand, "the new epoch's numbers are in its own band");
    }

    [Fact]
    [Trait("Requirement", "SR-ID-003")]
    public void A_journal_that_restarts_in_a_new_epoch_is_new_to_a_host_that_holds_the_old_chain()
    {
        using var old = new EventLogHarness();
        for (int i = 0; i < 5; i++)
        {
            old.Log.Record(EventLogHarness.Security(i));
        }

        var oldEntries = old.Entries();
        var ring = new Ring();
        ring.Keys[0] = old.Key;
        var host = new EventChainVerifier(new TestMac(), ring, EventLogHarness.DeviceId, 0, 0, EventChain.Genesis());
        foreach (var entry in oldEntries)
        {
            Assert.Equal(ChainVerdict.Linked, host.Check(entry.PreviousMac, entry.Record, entry.Mac));
        }

        using var wiped = new EventLogHarness(new JournalOptions { KeyEpoch = 1 });
        ring.Keys[1] = wiped.Key;
        wiped.Log.Record(EventLogHarness.Security(9));
        var fresh = wiped.Entries();

        Assert.Equal(EventChain.Genesis(), fresh[0].PreviousMac);
        Assert.All(fresh, e => Assert.True(e.Sequence > EventRecord.EpochSequenceBand));
        foreach (var entry in fresh)
        {
            Assert.Equal(ChainVerdict.Linked, host.Check(entry.PreviousMac, entry.Record, entry.Mac));
        }

        // The old chain's records are copies now (compared with the stored copy), never new.
        Assert.Equal(ChainVerdict.NotNewer, host.Check(oldEntries[^1].PreviousMac, oldEntries[^1].Record, oldEntries[^1].Mac));
    }

    [Fact]
    [Trait("Requirement", "SR-ID-002")]
    public void A_record_maced_under_another_epochs_key_is_forged_and_an_unknown_epoch_is_refused()
    {
        var (oldKey, newKey, mac, verifier) = TwoEpochs();

        var bytes = EpochRecord(1, 1);
        Assert.Equal(ChainVerdict.Forged, verifier.Check(EventChain.Genesis(), bytes, EventChain.ComputeMac(mac, oldKey, EventChain.Genesis(), bytes)));

        var unknownBytes = EpochRecord(2, 1);
        Assert.Equal(ChainVerdict.UnknownEpoch, verifier.Check(EventChain.Genesis(), unknownBytes, EventChain.ComputeMac(mac, newKey, EventChain.Genesis(), unknownBytes)));
        Assert.Equal(0, verifier.HeadSequence);
    }

    [Fact]
    [Trait("Requirement", "SR-ID-004")]
    public void Once_a_newer_epoch_is_in_the_chain_the_old_key_adds_nothing()
    {
        var (oldKey, newKey, mac, verifier) = TwoEpochs();
        var firstBytes = EpochRecord(1, 1);
        var firstMac = EventChain.ComputeMac(mac, newKey, EventChain.Genesis(), firstBytes);
        Assert.Equal(ChainVerdict.Linked, verifier.Check(EventChain.Genesis(), firstBytes, firstMac));

        // Whoever still holds the old key forges an epoch-0 record linked to the head, above it.
        var forged = Records.Sample(EventRecord.EpochSequenceBand + 2);
        var forgedBytes = EventRecordCodec.Encode(forged);

        Assert.Equal(ChainVerdict.NotNewer, verifier.Check(firstMac, forgedBytes, EventChain.ComputeMac(mac, oldKey, firstMac, forgedBytes)));
        Assert.Equal(EventRecord.EpochSequenceBand + 1, verifier.HeadSequence);
    }

    /// <summary>A verifier that knows epoch 0's key (the old one) and epoch 1's (the new one), at genesis.</summary>
    private static (byte[] OldKey, byte[] NewKey, TestMac Mac, EventChainVerifier Verifier) TwoEpochs()
    {
        var oldKey = TestMac.NewKey();
        var newKey = TestMac.NewKey();
        var ring = new Ring();
        ring.Keys[0] = oldKey;
        ring.Keys[1] = newKey;
        var mac = new TestMac();
        return (oldKey, newKey, mac, new EventChainVerifier(mac, ring, "dev-0001", 0, 0, EventChain.Genesis()));
    }

    /// <summary>The encoded sample record of <paramref name="epoch"/> at <paramref name="offset"/> into that epoch's sequence band.</summary>
    private static byte[] EpochRecord(ushort epoch, long offset)
    {
        var record = Records.Sample((EventRecord.EpochSequenceBand * epoch) + offset);
        record.KeyEpoch = epoch;
        return EventRecordCodec.Encode(record);
    }
}
