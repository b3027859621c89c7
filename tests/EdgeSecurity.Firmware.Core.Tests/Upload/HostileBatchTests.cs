using System.Buffers.Binary;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Tests.Events.Support;
using EdgeSecurity.Firmware.Core.Upload;

namespace EdgeSecurity.Firmware.Core.Tests.Upload;

/// <summary>
/// The batch parser is what the host runs on bytes a device (or whoever holds its broker credentials) sends.
/// These batches are written byte by byte after docs/formats/events.md section 5, not with the encoder under
/// test, so that each one breaks exactly one rule of the format and must be refused by that rule's reason;
/// and the limits of the format (64 entries, 1024-byte records, 16384-byte batches) are accepted exactly.
/// </summary>
[Trait("Requirement", "SR-EVT-001")]
public sealed class HostileBatchTests
{
    private const int MacBytes = 32;

    /// <summary>One entry as it goes on the wire; <see cref="Length"/> overrides the record's length field.</summary>
    private sealed record WireEntry(byte Flags, byte[]? PreviousMac, byte[] Record, byte[] Mac, int? Length = null);

    private static byte[] Mac(int seed) => Enumerable.Repeat((byte)seed, MacBytes).ToArray();

    private static byte[] Record(long sequence, string deviceId = "dev-0001") => EventRecordCodec.Encode(Records.Sample(sequence, deviceId));

    /// <summary>A record of exactly <paramref name="bytes"/> bytes: the sample padded with byte fields.</summary>
    private static byte[] RecordOfLength(long sequence, int bytes)
    {
        for (int full = 0; full < 5; full++)
        {
            for (int rest = 0; rest <= EventField.MaxValueBytes; rest++)
            {
                var record = Records.Sample(sequence);
                record.Fields = [.. Enumerable.Range(0, full).Select(i => EventField.Bytes((byte)(20 + i), new byte[EventField.MaxValueBytes])), EventField.Bytes(30, new byte[rest])];
                var encoded = EventRecordCodec.Encode(record);
                if (encoded.Length == bytes)
                {
                    return encoded;
                }
            }
        }

        throw new InvalidOperationException("no padding gives a record of " + bytes + " bytes");
    }

    /// <summary><paramref name="count"/> chained entries of sequences 1..count: only the first carries its previous MAC.</summary>
    private static List<WireEntry> Chain(int count, Func<long, byte[]>? record = null) =>
        Enumerable.Range(1, count).Select(i => new WireEntry(
            i == 1 ? (byte)1 : (byte)0, i == 1 ? Mac(200) : null, (record ?? (s => Record(s)))(i), Mac(i))).ToList();

    private static byte[] Batch(IReadOnlyList<WireEntry> entries, byte version = 1, byte flags = 0, int? count = null)
    {
        var bytes = new List<byte> { version, flags, 7, 0, 0, 0, (byte)(count ?? entries.Count) };
        foreach (var entry in entries)
        {
            bytes.Add(entry.Flags);
            bytes.AddRange(entry.PreviousMac ?? []);
            var length = new byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)(entry.Length ?? entry.Record.Length));
            bytes.AddRange(length);
            bytes.AddRange(entry.Record);
            bytes.AddRange(entry.Mac);
        }

        return [.. bytes];
    }

    /// <summary>The entries as the device's journal holds them, each with its previous MAC.</summary>
    private static JournalEntry[] Journal(List<WireEntry> entries) =>
        entries.Select((e, i) => new JournalEntry(i + 1, e.Record, e.Mac, e.PreviousMac ?? entries[i - 1].Mac)).ToArray();

    private static EventFormatError Refusal(byte[] batch) =>
        Assert.Throws<EventFormatException>(() => EventBatchCodec.Decode(batch)).EventReason;

    [Fact]
    public void The_hand_built_batch_is_valid()
    {
        var batch = EventBatchCodec.Decode(Batch(Chain(3)));

        Assert.Equal(7u, batch.BatchId);
        Assert.Equal([1L, 2L, 3L], batch.Entries.Select(e => e.Record.Sequence));
        Assert.Equal(Mac(200), batch.Entries[0].PreviousMac);
        Assert.Equal(Mac(2), batch.Entries[2].PreviousMac);
    }

    [Theory]
    [InlineData((byte)0)]
    [InlineData((byte)2)]
    public void Another_batch_version_is_refused(byte version) =>
        Assert.Equal(EventFormatError.UnsupportedVersion, Refusal(Batch(Chain(1), version: version)));

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void An_entry_count_outside_1_to_64_is_refused_even_with_the_entries_present(int count) =>
        Assert.Equal(EventFormatError.InvalidEntryCount, Refusal(Batch(Chain(Math.Max(count, 1)), count: count)));

    [Fact]
    public void A_batch_of_64_entries_is_accepted() =>
        Assert.Equal(64, EventBatchCodec.Decode(Batch(Chain(64))).Entries.Length);

    [Theory]
    [InlineData((byte)2)]
    [InlineData((byte)0x81)]
    public void Reserved_entry_flags_are_refused(byte flags)
    {
        var entries = Chain(2);
        entries[1] = entries[1] with { Flags = flags, PreviousMac = (flags & 1) != 0 ? Mac(99) : null };

        Assert.Equal(EventFormatError.ReservedBitsSet, Refusal(Batch(entries)));
    }

    [Fact]
    public void A_first_entry_without_its_previous_MAC_is_refused()
    {
        var entries = Chain(2);
        entries[0] = entries[0] with { Flags = 0, PreviousMac = null };

        Assert.Equal(EventFormatError.MissingPreviousMac, Refusal(Batch(entries)));
    }

    [Fact]
    public void An_explicit_previous_MAC_equal_to_the_preceding_entrys_MAC_is_refused_as_non_canonical()
    {
        var entries = Chain(2);
        entries[1] = entries[1] with { Flags = 1, PreviousMac = Mac(1) };

        Assert.Equal(EventFormatError.NonCanonical, Refusal(Batch(entries)));

        // A different explicit previous MAC is a gap in the chain, which the format allows.
        entries[1] = entries[1] with { PreviousMac = Mac(98) };
        Assert.Equal(Mac(98), EventBatchCodec.Decode(Batch(entries)).Entries[1].PreviousMac);
    }

    [Fact]
    public void A_record_length_of_0_is_refused()
    {
        var entries = Chain(1);
        entries[0] = entries[0] with { Record = [], Length = 0 };

        Assert.Equal(EventFormatError.InvalidRecordLength, Refusal(Batch(entries)));
    }

    [Fact]
    public void A_record_of_1025_bytes_is_refused_by_its_length_and_one_of_1024_is_accepted()
    {
        var entries = Chain(1, s => RecordOfLength(s, EventRecordCodec.MaxRecordBytes));
        Assert.Equal(EventRecordCodec.MaxRecordBytes, EventBatchCodec.Decode(Batch(entries)).Entries[0].RecordBytes.Length);

        entries[0] = entries[0] with { Record = [.. entries[0].Record, 0] };

        Assert.Equal(EventFormatError.InvalidRecordLength, Refusal(Batch(entries)));
    }

    [Fact]
    public void A_record_length_of_1_passes_the_length_rule_and_is_refused_by_the_record_parser()
    {
        var entries = Chain(1);
        entries[0] = entries[0] with { Record = [1] }; // a record's version byte, and nothing after it

        Assert.Equal(EventFormatError.Truncated, Refusal(Batch(entries)));
    }

    [Fact]
    public void Decoding_nothing_names_the_missing_data() =>
        Assert.Equal("data", Assert.Throws<ArgumentNullException>(() => EventBatchCodec.Decode(null!)).ParamName);

    [Fact]
    public void The_encoder_takes_1_to_64_entries_and_says_so_otherwise()
    {
        var entries = Journal(Chain(65));

        Assert.Equal(64, EventBatchCodec.Decode(EventBatchCodec.Encode(7, entries, 64)).Entries.Length);
        foreach (var count in new[] { 0, 65 })
        {
            var error = Assert.Throws<ArgumentException>(() => EventBatchCodec.Encode(7, entries, count));
            Assert.Equal("A batch holds 1 to 64 entries.", error.Message);
        }
    }

    [Fact]
    public void A_repeated_sequence_is_refused()
    {
        var entries = Chain(2);
        entries[1] = entries[1] with { Record = Record(1) };

        Assert.Equal(EventFormatError.SequenceOrder, Refusal(Batch(entries)));
    }

    [Fact]
    public void A_batch_of_exactly_16384_bytes_is_accepted_and_one_byte_more_is_refused_by_its_size()
    {
        // 16 entries: 7 header bytes, one previous MAC, and 16 x 35 bytes of entry overhead leave 15785 record bytes.
        var entries = Chain(16, s => RecordOfLength(s, s < 16 ? 986 : 15785 - (15 * 986)));
        var exact = Batch(entries);
        Assert.Equal(EventBatchCodec.MaxBatchBytes, exact.Length);

        Assert.Equal(16, EventBatchCodec.Decode(exact).Entries.Length);
        var journal = Journal(entries);
        Assert.Equal(exact, EventBatchCodec.Encode(7, journal, journal.Length));

        Assert.Equal(EventFormatError.BatchTooLong, Refusal([.. exact, 0]));
        var larger = journal.ToArray();
        larger[15] = new JournalEntry(16, RecordOfLength(16, 15785 - (15 * 986) + 1), larger[15].Mac, larger[15].PreviousMac);
        Assert.Equal("Batch exceeds 16384 bytes.", Assert.Throws<ArgumentException>(() => EventBatchCodec.Encode(7, larger, larger.Length)).Message);
    }
}
