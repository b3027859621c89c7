using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;

namespace EdgeSecurity.Firmware.Core.Tests.Journal;

/// <summary>
/// The journal's programming contract at its edges: what it refuses (before it is opened, a record it must
/// not store, an acknowledgement beyond its head) with an error that names the problem and nothing written to
/// flash, the largest record and a segment filled to its configured size, and the counts it reports.
/// </summary>
public sealed class EventJournalContractTests : IDisposable
{
    private readonly EventLogHarness _device = new();

    public void Dispose() => _device.Dispose();

    public static TheoryData<string> Operations => ["NextSequence", "Append", "Acknowledge", "ReadAfter", "CountUnacknowledged", "MarkReported"];

    [Theory]
    [MemberData(nameof(Operations))]
    [Trait("Requirement", "SR-EVT-003")]
    [Trait("Requirement", "SR-EVT-006")]
    public void Every_operation_before_the_journal_is_opened_is_refused_and_writes_nothing(string operation)
    {
        var entries = RecordFive();
        var head = entries[^1];
        var before = FlashContents();
        var closed = new EventJournal(_device.Flash, _device.Options);

        Action call = operation switch
        {
            "NextSequence" => () => closed.NextSequence(),
            "Append" => () => closed.Append(head.Sequence + 1, EventPriority.Security, EventLogHarness.SizedRecord(head.Sequence + 1, EventPriority.Security, 0), head.Mac, true),
            "Acknowledge" => () => closed.Acknowledge(head.Sequence),
            "ReadAfter" => () => closed.ReadAfter(0, 10),
            "CountUnacknowledged" => () => closed.CountUnacknowledged(),
            _ => () => closed.MarkReported(PendingReportOfAFullJournal()),
        };

        var refused = Assert.Throws<InvalidOperationException>(call);
        Assert.Equal("Open the journal first.", refused.Message);
        Assert.Equal(before, FlashContents());
        closed.Open();
        Assert.Equal(entries.Select(e => e.Sequence), closed.ReadAfter(0, int.MaxValue).Select(e => e.Sequence));
    }

    [Fact]
    public void A_journal_without_flash_or_options_is_refused_naming_what_is_missing()
    {
        Assert.Equal("flash", Assert.Throws<ArgumentNullException>(() => new EventJournal(null!, _device.Options)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => new EventJournal(_device.Flash, null!)).ParamName);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-002")]
    [Trait("Requirement", "SR-EVT-003")]
    public void A_record_appended_again_with_the_head_sequence_is_refused_and_nothing_written()
    {
        var head = RecordFive()[^1];
        var before = FlashContents();

        var refused = Assert.Throws<ArgumentException>(() => _device.Journal.Append(head.Sequence, EventPriority.Security, head.Record, head.Mac, true));

        Assert.Equal($"Record must be at most 1024 bytes with a sequence above {head.Sequence}.", refused.Message);
        Assert.Equal(before, FlashContents());
        _device.BootJournalOnly();
        Assert.False(_device.Recovery.TamperingFound);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-001")]
    public void A_missing_or_oversized_record_is_refused_with_the_limit_and_nothing_written()
    {
        var head = RecordFive()[^1];
        var before = FlashContents();
        var tooLong = new byte[EventRecordCodec.MaxRecordBytes + 1];
        Array.Copy(head.Record, tooLong, head.Record.Length);

        var missing = Assert.Throws<ArgumentException>(() => _device.Journal.Append(head.Sequence + 1, EventPriority.Security, null!, head.Mac, true));
        var oversized = Assert.Throws<ArgumentException>(() => _device.Journal.Append(head.Sequence + 1, EventPriority.Security, tooLong, head.Mac, true));
        var otherSequence = Assert.Throws<ArgumentException>(() => _device.Journal.Append(head.Sequence + 5, EventPriority.Security, EventLogHarness.SizedRecord(head.Sequence + 1, EventPriority.Security, 0), head.Mac, true));

        string limit = $"Record must be at most 1024 bytes with a sequence above {head.Sequence}.";
        Assert.Equal((limit, limit), (missing.Message, oversized.Message));
        Assert.Equal($"Record must be an encoded event record of at least 37 bytes whose own sequence is {head.Sequence + 5}.", otherSequence.Message);
        Assert.Equal(before, FlashContents());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [Trait("Requirement", "SR-EVT-002")]
    public void A_MAC_that_is_not_32_bytes_is_refused_and_nothing_written(int macBytes)
    {
        var head = RecordFive()[^1];
        var before = FlashContents();
        byte[]? mac = macBytes == 0 ? null : new byte[macBytes];

        var refused = Assert.Throws<ArgumentException>(() => _device.Journal.Append(head.Sequence + 1, EventPriority.Security, EventLogHarness.SizedRecord(head.Sequence + 1, EventPriority.Security, 0), mac!, true));

        Assert.Equal("mac must be 32 bytes.", refused.Message);
        Assert.Equal(before, FlashContents());
        Assert.Equal(head.Mac, _device.Journal.HeadMac);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-001")]
    [Trait("Requirement", "SR-EVT-004")]
    public void The_largest_record_the_format_allows_is_stored_and_survives_a_reboot()
    {
        _device.BootJournalOnly();

        long sequence = _device.AppendDirect(EventPriority.Security, mayEvictSecurity: false, EventRecordCodec.MaxRecordBytes);

        Assert.NotEqual(0, sequence);
        _device.BootJournalOnly();
        Assert.False(_device.Recovery.RepairedAnything);
        var stored = Assert.Single(_device.Entries());
        Assert.Equal((sequence, EventRecordCodec.MaxRecordBytes), (stored.Sequence, stored.Record.Length));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-006")]
    public void An_acknowledgement_beyond_the_newest_record_is_refused_naming_both_sequences()
    {
        var head = RecordFive()[^1];

        var refused = Assert.Throws<ArgumentException>(() => _device.Journal.Acknowledge(head.Sequence + 1));

        Assert.Equal($"Acknowledgement through {head.Sequence + 1} is beyond the newest record {head.Sequence}.", refused.Message);
        Assert.Equal(0, _device.Journal.AcknowledgedThrough);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-005")]
    public void A_segment_is_filled_to_exactly_its_configured_size_before_the_next_one_starts()
    {
        using var small = new EventLogHarness(EventLogHarness.Small());
        small.BootJournalOnly();
        // Header 52 + 4 frames of (40 + 247) = 1200 bytes, the segment size.
        int recordBytes = ((small.Options.SegmentBytes - SegmentFile.HeaderBytes) / 4) - Frame.SizeFor(0, explicitPrevious: false);
        for (int i = 0; i < 4; i++)
        {
            Assert.NotEqual(0, small.AppendDirect(EventPriority.Security, mayEvictSecurity: false, recordBytes));
        }

        var segment = Assert.Single(small.Flash.List("evt/seg-"));
        Assert.Equal(small.Options.SegmentBytes, small.Flash.GetLength(segment));
        small.AppendDirect(EventPriority.Security, mayEvictSecurity: false);
        Assert.Equal(2, small.Flash.List("evt/seg-").Length);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-005")]
    public void Neither_the_capacity_nor_a_segment_size_is_exceeded_after_any_append()
    {
        using var small = new EventLogHarness(EventLogHarness.Small());
        small.BootJournalOnly();
        var random = new Random(1205);
        for (int i = 0; i < 200; i++)
        {
            var priority = random.Next(3) == 0 ? EventPriority.Telemetry : EventPriority.Security;
            small.AppendDirect(priority, mayEvictSecurity: true, random.Next(41, 700));

            Assert.True(small.Journal.UsedBytes <= small.Options.CapacityBytes, $"append {i}: {small.Journal.UsedBytes} bytes used");
            var used = small.Flash.List("evt/seg-").Select(small.Flash.GetLength).ToList();
            Assert.True(used.Sum() <= small.Options.CapacityBytes, $"append {i}: {used.Sum()} bytes of segments on flash");
            Assert.All(used, length => Assert.True(length <= small.Options.SegmentBytes, $"append {i}: a segment of {length} bytes"));
        }

        Assert.True(small.Journal.DroppedSecurityTotal > 0 && small.Journal.DroppedTelemetryTotal > 0);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-008")]
    public void The_record_count_and_the_head_cover_every_segment()
    {
        using var small = new EventLogHarness(EventLogHarness.Small(segments: 6));
        for (int i = 0; i < 30; i++)
        {
            small.Log.Record(EventLogHarness.Security(i));
        }

        var entries = small.Entries();
        Assert.True(small.Flash.List("evt/seg-").Length > 2);
        Assert.Equal(entries.Length, small.Journal.RecordCount);
        var head = small.Journal.ReadHead(out long sequence);
        Assert.Equal(entries[^1].Sequence, sequence);
        Assert.Equal(entries[^1].Mac, head);
        small.Log.RecordHeartbeat(1);
        var heartbeat = small.Records()[^1];
        Assert.Equal(entries.Length, heartbeat.FindField(EventFieldIds.Heartbeat.JournalRecords)!.Int32Value);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-008")]
    public void The_unacknowledged_count_is_right_after_an_acknowledgement_through_any_record()
    {
        using var small = new EventLogHarness(EventLogHarness.Small(segments: 6));
        for (int i = 0; i < 30; i++)
        {
            small.Log.Record(EventLogHarness.Security(i));
        }

        var sequences = small.Entries().Select(e => e.Sequence).ToList();
        Assert.True(small.Flash.List("evt/seg-").Length > 2);
        Assert.Equal(sequences.Count, small.Journal.CountUnacknowledged());
        for (int k = 0; k < sequences.Count; k++)
        {
            Assert.True(small.Journal.Acknowledge(sequences[k]));
            Assert.Equal(sequences.Count - k - 1, small.Journal.CountUnacknowledged());
        }
    }

    private JournalEntry[] RecordFive()
    {
        for (int i = 1; i <= 5; i++)
        {
            _device.Log.Record(EventLogHarness.Security(i));
        }

        return _device.Entries();
    }

    /// <summary>A drop report as a full journal gives one (a refused telemetry record), on a journal of its own.</summary>
    private static DropReport PendingReportOfAFullJournal()
    {
        using var small = new EventLogHarness(EventLogHarness.Small());
        small.BootJournalOnly();
        while (small.AppendDirect(EventPriority.Security, mayEvictSecurity: false) != 0)
        {
        }

        Assert.Equal(0, small.AppendDirect(EventPriority.Telemetry, mayEvictSecurity: false));
        return small.Journal.PendingDropReport()!;
    }

    private SortedDictionary<string, string> FlashContents() => new(
        Directory.GetFiles(_device.Directory, "*", SearchOption.AllDirectories).ToDictionary(f => f, f => Convert.ToHexString(File.ReadAllBytes(f))),
        StringComparer.Ordinal);
}
