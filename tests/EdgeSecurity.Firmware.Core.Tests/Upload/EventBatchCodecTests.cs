using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Tests.Events.Support;
using EdgeSecurity.Firmware.Core.Upload;

namespace EdgeSecurity.Firmware.Core.Tests.Upload;

public sealed class EventBatchCodecTests
{
    private readonly TestMac _mac = new();
    private readonly byte[] _key = TestMac.NewKey();

    /// <summary>Journal entries 1..count chained from the genesis; <paramref name="gapAfter"/> drops one record from the middle.</summary>
    private JournalEntry[] Entries(int count, int gapAfter = -1)
    {
        var result = new List<JournalEntry>();
        var previous = EventChain.Genesis();
        for (int i = 1; i <= count + (gapAfter >= 0 ? 1 : 0); i++)
        {
            var record = EventRecordCodec.Encode(Records.Sample(i));
            var mac = EventChain.ComputeMac(_mac, _key, previous, record);
            if (i != gapAfter + 1 || gapAfter < 0)
            {
                result.Add(new JournalEntry(i, record, mac, previous));
            }

            previous = mac;
        }

        return [.. result];
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-002")]
    public void A_batch_round_trips_and_carries_previous_macs_only_where_the_chain_is_not_contiguous()
    {
        var entries = Entries(4, gapAfter: 2);
        var bytes = EventBatchCodec.Encode(77, entries, entries.Length);

        var batch = EventBatchCodec.Decode(bytes);

        Assert.Equal(77u, batch.BatchId);
        Assert.Equal(entries.Select(e => e.Sequence), batch.Entries.Select(e => e.Record.Sequence));
        Assert.All(batch.Entries.Zip(entries), p => Assert.Equal(p.Second.PreviousMac, p.First.PreviousMac));
        int contiguous = EventBatchCodec.HeaderBytes + entries.Sum(e => EventBatchCodec.EntrySize(e.Record.Length, false));
        Assert.Equal(contiguous + (2 * EventChain.MacBytes), bytes.Length);

        var verifier = new EventChainVerifier(_mac, _key, "dev-0001", 0, EventChain.Genesis());
        var verdicts = batch.Entries.Select(e => verifier.Check(e.PreviousMac, e.RecordBytes, e.Mac)).ToList();
        Assert.Equal([ChainVerdict.Linked, ChainVerdict.Linked, ChainVerdict.LinkedAfterGap, ChainVerdict.Linked], verdicts);
    }

    [Fact]
    public void Encoding_honours_the_count()
    {
        var entries = Entries(5);
        Assert.Equal(2, EventBatchCodec.Decode(EventBatchCodec.Encode(1, entries, 2)).Entries.Length);
        Assert.Throws<ArgumentException>(() => EventBatchCodec.Encode(1, entries, 0));
    }

    [Fact]
    public void Out_of_order_and_mixed_device_batches_are_rejected()
    {
        var entries = Entries(2);
        var swapped = EventBatchCodec.Encode(1, [entries[1], entries[0]], 2);
        Assert.Equal(EventFormatError.SequenceOrder, Assert.Throws<EventFormatException>(() => EventBatchCodec.Decode(swapped)).EventReason);

        var other = EventRecordCodec.Encode(Records.Sample(9, "dev-0002"));
        var mixed = EventBatchCodec.Encode(1, [entries[0], new JournalEntry(9, other, new byte[32], new byte[32])], 2);
        Assert.Equal(EventFormatError.MixedDevices, Assert.Throws<EventFormatException>(() => EventBatchCodec.Decode(mixed)).EventReason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    [Trait("Requirement", "SR-EVT-001")]
    public void Mutated_batches_decode_canonically_or_fail_with_the_format_exception_only(bool withCompleteness)
    {
        var valid = Encode(5, Entries(3, gapAfter: 1), withCompleteness ? 1 : 0);
        ParserProperty.Check(valid, bytes =>
        {
            var batch = EventBatchCodec.Decode(bytes);
            var entries = batch.Entries.Select(e => new JournalEntry(e.Record.Sequence, e.RecordBytes, e.Mac, e.PreviousMac)).ToArray();
            return EventBatchCodec.Encode(batch.BatchId, entries, entries.Length, batch.Completeness);
        });
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-011")]
    public void A_completeness_statement_round_trips_and_verifies_only_for_its_key_and_records()
    {
        var entries = Entries(4, gapAfter: 2);
        var bytes = Encode(9, entries, coveredFrom: 1);

        var batch = EventBatchCodec.Decode(bytes);

        Assert.Equal(1, batch.Completeness!.CoveredFrom);
        Assert.Equal(EventBatchCodec.Encode(9, entries, entries.Length).Length + BatchCompleteness.Bytes, bytes.Length);
        Assert.True(BatchCompleteness.Verifies(_mac, _key, batch));
        Assert.False(BatchCompleteness.Verifies(_mac, TestMac.NewKey(), batch));
        Assert.False(BatchCompleteness.Verifies(_mac, _key, EventBatchCodec.Decode(EventBatchCodec.Encode(9, entries, entries.Length))));

        // The statement names the batch's sequences: moved onto other records it no longer verifies.
        var others = Entries(4);
        var moved = EventBatchCodec.Decode(EventBatchCodec.Encode(9, others, others.Length, batch.Completeness));
        Assert.False(BatchCompleteness.Verifies(_mac, _key, moved));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(2L)]
    [Trait("Requirement", "SR-EVT-001")]
    public void A_statement_not_covering_the_first_entry_is_rejected_by_name(long coveredFrom)
    {
        var entries = Entries(2);
        var bytes = Encode(1, entries, coveredFrom: 1);
        BitConverter.GetBytes(coveredFrom).CopyTo(bytes, EventBatchCodec.HeaderBytes);

        var error = Assert.Throws<EventFormatException>(() => EventBatchCodec.Decode(bytes));

        Assert.Equal(EventFormatError.InvalidSequence, error.EventReason);
        Assert.Contains("covered-from", error.Message, StringComparison.Ordinal);
        var refused = Assert.Throws<ArgumentException>(() => EventBatchCodec.Encode(1, entries, 2, BatchCompleteness.Create(_mac, _key, 2, entries, 2)));
        Assert.Equal("A completeness statement covers at least the batch's first entry.", refused.Message);
    }

    [Fact]
    public void Unknown_batch_flags_are_rejected()
    {
        var bytes = EventBatchCodec.Encode(1, Entries(1), 1);
        bytes[1] = 2;

        Assert.Equal(EventFormatError.ReservedBitsSet, Assert.Throws<EventFormatException>(() => EventBatchCodec.Decode(bytes)).EventReason);
    }

    // coveredFrom 0 = no statement.
    private byte[] Encode(uint batchId, JournalEntry[] entries, long coveredFrom) =>
        EventBatchCodec.Encode(batchId, entries, entries.Length, coveredFrom == 0 ? null : BatchCompleteness.Create(_mac, _key, coveredFrom, entries, entries.Length));
}
