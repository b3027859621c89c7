using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.HostPlatform.Storage;

namespace EdgeSecurity.Firmware.Core.Tests.Journal;

/// <summary>
/// The order and the bookkeeping of making room in a full journal, through the journal's own API: acknowledged
/// records go before anything is dropped, telemetry before security, nothing goes when the record fits exactly,
/// every drop is named in the report, the head survives its own eviction, and what stays on flash after a
/// rewrite is what the journal counts, survives a reboot and carries an explicit link only where it must.
/// </summary>
public sealed class EvictionTests : IDisposable
{
    private const int RecordBytes = 200;
    private readonly EventLogHarness _device = new(EventLogHarness.Small());

    public EvictionTests() => _device.BootJournalOnly();

    public void Dispose() => _device.Dispose();

    [Fact]
    [Trait("Requirement", "SR-EVT-005")]
    public void Telemetry_evicted_to_make_room_is_named_exactly_in_the_report_and_the_new_telemetry_record_is_stored()
    {
        var telemetry = new List<long>();
        var security = new List<long>();
        for (int i = 0; _device.Journal.DroppedTelemetryTotal == 0; i++)
        {
            Assert.True(i < 100, "the journal never filled");
            var priority = i % 2 == 0 ? EventPriority.Telemetry : EventPriority.Security;
            long sequence = _device.AppendDirect(priority, mayEvictSecurity: true, RecordBytes);
            Assert.NotEqual(0, sequence);
            (priority == EventPriority.Telemetry ? telemetry : security).Add(sequence);
        }

        var kept = _device.Entries().Select(e => e.Sequence).ToHashSet();
        var evicted = telemetry.Where(s => !kept.Contains(s)).ToList();
        Assert.All(security, s => Assert.Contains(s, kept));
        Assert.Contains(telemetry[^1], kept);
        var report = _device.Journal.PendingDropReport()!;
        Assert.Equal((evicted.Count, 0, evicted[0], evicted[^1]), (report.Telemetry, report.Security, report.FirstSequence, report.LastSequence));
        Assert.True(evicted.Count > 1);

        // While older telemetry remains, a new telemetry record that needs room takes it and is stored.
        for (int i = 0; i < 3; i++)
        {
            Assert.NotEqual(0, _device.AppendDirect(EventPriority.Telemetry, mayEvictSecurity: true, RecordBytes));
        }
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-005")]
    public void When_acknowledged_records_make_enough_room_no_telemetry_is_dropped()
    {
        long first = _device.AppendDirect(EventPriority.Security, mayEvictSecurity: false, RecordBytes);
        long second = _device.AppendDirect(EventPriority.Security, mayEvictSecurity: false, RecordBytes);
        Assert.NotEqual(0, _device.AppendDirect(EventPriority.Telemetry, mayEvictSecurity: false, RecordBytes));
        // Filled up to the last record that still fits without making room: the telemetry record stays.
        int frame = Frame.SizeFor(RecordBytes, explicitPrevious: false);
        while (_device.Journal.UsedBytes + frame + SegmentFile.HeaderBytes <= _device.Options.CapacityBytes)
        {
            Assert.NotEqual(0, _device.AppendDirect(EventPriority.Security, mayEvictSecurity: false, RecordBytes));
        }

        Assert.True(_device.Journal.Acknowledge(second));

        Assert.NotEqual(0, _device.AppendDirect(EventPriority.Security, mayEvictSecurity: true, RecordBytes));

        Assert.Equal((0L, 0L), (_device.Journal.DroppedTelemetryTotal, _device.Journal.DroppedSecurityTotal));
        Assert.Null(_device.Journal.PendingDropReport());
        Assert.True(first < second);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-005")]
    [Trait("Requirement", "SR-EVT-006")]
    public void An_acknowledged_record_leaves_before_any_unacknowledged_one_is_dropped()
    {
        var stored = FillWithSecurityRecords();
        // Only the oldest record acknowledged: its segment stays (it holds unacknowledged records too).
        Assert.True(_device.Journal.Acknowledge(stored[0]));

        Assert.NotEqual(0, _device.AppendDirect(EventPriority.Security, mayEvictSecurity: true, RecordBytes));

        var report = _device.Journal.PendingDropReport();
        Assert.True(report is null || report.FirstSequence > stored[0], $"the acknowledged record {stored[0]} was counted as dropped");
        // Every unacknowledged record is still there or counted as dropped.
        Assert.Equal(stored.Count - 1 + 1, _device.Entries().Length + _device.Journal.DroppedSecurityTotal);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-002")]
    [Trait("Requirement", "SR-EVT-005")]
    public void When_the_newest_record_itself_is_evicted_the_next_record_still_links_to_it_across_a_reboot()
    {
        // Two segments of four 287-byte frames, then two in the third and a telemetry record as the newest.
        int recordBytes = ((_device.Options.SegmentBytes - SegmentFile.HeaderBytes) / 4) - Frame.SizeFor(0, explicitPrevious: false);
        for (int i = 0; i < 10; i++)
        {
            Assert.NotEqual(0, _device.AppendDirect(EventPriority.Security, mayEvictSecurity: false, recordBytes));
        }

        long newest = _device.AppendDirect(EventPriority.Telemetry, mayEvictSecurity: false);
        var head = _device.Journal.ReadHead(out long headSequence);
        Assert.Equal(newest, headSequence);

        // Too large for the journal, small enough for the third segment once the telemetry record is gone.
        Assert.NotEqual(0, _device.AppendDirect(EventPriority.Security, mayEvictSecurity: true, 440));
        Assert.Equal(1, _device.Journal.DroppedTelemetryTotal);

        _device.BootJournalOnly();
        Assert.False(_device.Recovery.RepairedAnything);
        var entries = _device.Entries();
        var verifier = new EventChainVerifier(_device.Mac, _device.Key, "d", 0, entries[0].PreviousMac);
        Assert.DoesNotContain(ChainVerdict.Forged, entries.Select(e => verifier.Check(e.PreviousMac, e.Record, e.Mac)));
        Assert.Equal(head, entries[^1].PreviousMac);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-002")]
    [Trait("Requirement", "SR-EVT-004")]
    public void A_power_cut_at_any_step_of_evicting_the_newest_record_keeps_the_link_to_it()
    {
        // The head's MAC lives on only in the header of the segment started for it: that header must be
        // durable before the rewrite removes the head's frame, or a cut in between loses the link.
        CutAtEveryStepOfEvictingTheHead((device, k, evictedHead, record) =>
        {
            byte[] head = device.Journal.ReadHead(out _);
            Assert.True(head.SequenceEqual(evictedHead) || head.SequenceEqual(record.Mac), $"cut at step {k}: the head links to neither the evicted record nor the new one");
        });
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-004")]
    public void A_power_cut_at_any_step_of_a_segment_rewrite_leaves_only_files_the_journal_reads()
    {
        // The rewrite replaces a segment through a temporary file; a cut before the rename leaves that file, and
        // the next open must find it as such (and delete it), or it stays on flash for ever, counted by nobody.
        CutAtEveryStepOfEvictingTheHead((device, k, _, _) =>
        {
            string[] unknown = [.. device.Flash.List("evt/").Where(name => name is not ("evt/state.bin" or "evt/seq.bin") && SegmentFile.ParseNumber("evt/", name) < 0)];
            Assert.True(unknown.Length == 0, $"cut at step {k}: after the reboot flash holds {string.Join(", ", unknown)}");
            Assert.Equal(device.Flash.List("evt/seg-").Sum(device.Flash.GetLength), device.Journal.UsedBytes);
        });
    }

    /// <summary>
    /// Evicts the newest record (a telemetry record, rewriting its segment) with a power cut at each durable step
    /// in turn, reboots, and hands the device, the step, the evicted head's MAC and the record appended to
    /// <paramref name="check"/>.
    /// </summary>
    private static void CutAtEveryStepOfEvictingTheHead(Action<EventLogHarness, long, byte[], (long Sequence, byte[] Record, byte[] Mac)> check)
    {
        long before;
        long after;
        using (var counting = HeadEvictionSetup(null, out _))
        {
            var record = TooLargeSecurityRecord(counting);
            before = counting.Flash.StepsPerformed;
            Assert.True(Append(counting, record));
            after = counting.Flash.StepsPerformed;
        }

        Assert.True(after - before >= 4, "the eviction took fewer durable steps than a header, a state file and a rewrite");
        for (long k = before + 1; k <= after; k++)
        {
            using var device = HeadEvictionSetup(new PowerCutPlan(k), out byte[] evictedHead);
            var record = TooLargeSecurityRecord(device);
            Assert.Throws<PowerLossException>(() => Append(device, record));

            device.BootJournalOnly();

            check(device, k, evictedHead, record);
        }
    }

    /// <summary>The journal of the test above, rebooted with <paramref name="cut"/>: a telemetry record as its head.</summary>
    private static EventLogHarness HeadEvictionSetup(PowerCutPlan? cut, out byte[] head)
    {
        var device = new EventLogHarness(EventLogHarness.Small());
        device.BootJournalOnly();
        int recordBytes = ((device.Options.SegmentBytes - SegmentFile.HeaderBytes) / 4) - Frame.SizeFor(0, explicitPrevious: false);
        for (int i = 0; i < 10; i++)
        {
            Assert.NotEqual(0, device.AppendDirect(EventPriority.Security, mayEvictSecurity: false, recordBytes));
        }

        Assert.NotEqual(0, device.AppendDirect(EventPriority.Telemetry, mayEvictSecurity: false));
        head = device.Journal.ReadHead(out _);
        device.BootJournalOnly(cut);
        return device;
    }

    /// <summary>Too large for the journal, small enough for the third segment once the telemetry head is gone.</summary>
    private static (long Sequence, byte[] Record, byte[] Mac) TooLargeSecurityRecord(EventLogHarness device)
    {
        long sequence = device.Journal.NextSequence();
        byte[] record = EventLogHarness.SizedRecord(sequence, EventPriority.Security, 440);
        return (sequence, record, EventChain.ComputeMac(device.Mac, device.Key, device.Journal.HeadMac, record));
    }

    private static bool Append(EventLogHarness device, (long Sequence, byte[] Record, byte[] Mac) next) =>
        device.Journal.Append(next.Sequence, EventPriority.Security, next.Record, next.Mac, mayEvictSecurity: true);

    [Fact]
    [Trait("Requirement", "SR-EVT-005")]
    public void A_security_record_is_not_dropped_when_the_records_before_it_already_made_exactly_enough_room()
    {
        // The oldest segment holds B, T, C: evicting the telemetry record T gives C an explicit link.
        long b = _device.AppendDirect(EventPriority.Security, mayEvictSecurity: false, RecordBytes);
        Assert.NotEqual(0, _device.AppendDirect(EventPriority.Telemetry, mayEvictSecurity: false, RecordBytes));
        long c = _device.AppendDirect(EventPriority.Security, mayEvictSecurity: false, RecordBytes);
        for (int i = 0; _device.AppendDirect(EventPriority.Security, mayEvictSecurity: false, RecordBytes) != 0; i++)
        {
            Assert.True(i < 100, "the journal never filled");
        }

        Assert.Equal(1, _device.Journal.DroppedTelemetryTotal);
        var report = _device.Journal.PendingDropReport()!;
        _device.Journal.MarkReported(report);

        // A record whose room is exactly B's frame: C keeps its link, so dropping B alone is enough.
        int frameOfB = Frame.SizeFor(RecordBytes, explicitPrevious: false);
        int frame = _device.Options.CapacityBytes - _device.Journal.UsedBytes - SegmentFile.HeaderBytes + frameOfB;
        Assert.NotEqual(0, _device.AppendDirect(EventPriority.Security, mayEvictSecurity: true, frame - Frame.SizeFor(0, explicitPrevious: false)));

        report = _device.Journal.PendingDropReport()!;
        Assert.Equal((0, 1, b, b), (report.Telemetry, report.Security, report.FirstSequence, report.LastSequence));
        Assert.Contains(c, _device.Entries().Select(e => e.Sequence));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-005")]
    public void A_record_that_fills_the_journal_to_exactly_its_capacity_drops_nothing()
    {
        // Two segments filled exactly (4 frames of 287 bytes after each 52-byte header), three frames in the third.
        int frameBytes = (_device.Options.SegmentBytes - SegmentFile.HeaderBytes) / 4;
        int recordBytes = frameBytes - Frame.SizeFor(0, explicitPrevious: false);
        for (int i = 0; i < 11; i++)
        {
            Assert.NotEqual(0, _device.AppendDirect(EventPriority.Security, mayEvictSecurity: true, recordBytes));
        }

        // The last frame and the header room the journal keeps for a new segment take exactly what is left.
        int lastFrame = _device.Options.CapacityBytes - _device.Journal.UsedBytes - SegmentFile.HeaderBytes;
        Assert.NotEqual(0, _device.AppendDirect(EventPriority.Security, mayEvictSecurity: true, lastFrame - Frame.SizeFor(0, explicitPrevious: false)));

        Assert.Equal((0L, 0L), (_device.Journal.DroppedTelemetryTotal, _device.Journal.DroppedSecurityTotal));
        Assert.Equal(12, _device.Entries().Length);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-004")]
    [Trait("Requirement", "SR-EVT-005")]
    public void After_evictions_flash_holds_what_the_journal_counts_and_a_reboot_reads_the_same_records()
    {
        var random = new Random(1206);
        for (int i = 0; i < 120; i++)
        {
            var priority = random.Next(3) == 0 ? EventPriority.Telemetry : EventPriority.Security;
            _device.AppendDirect(priority, mayEvictSecurity: true, random.Next(41, 500));
            if (i % 7 == 3 && _device.Entries().Length > 0)
            {
                var pending = _device.Entries();
                _device.Journal.Acknowledge(pending[pending.Length / 3].Sequence);
            }

            int onFlash = _device.Flash.List("evt/seg-").Sum(_device.Flash.GetLength);
            Assert.True(onFlash == _device.Journal.UsedBytes, $"append {i}: {onFlash} bytes of segments on flash, {_device.Journal.UsedBytes} counted");
        }

        var before = _device.Entries();
        Assert.True(_device.Journal.DroppedSecurityTotal > 0 && _device.Journal.DroppedTelemetryTotal > 0);
        _device.BootJournalOnly();

        Assert.False(_device.Recovery.RepairedAnything);
        Assert.Equal(before.Select(e => (e.Sequence, Convert.ToHexString(e.Mac))), _device.Entries().Select(e => (e.Sequence, Convert.ToHexString(e.Mac))));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-002")]
    [Trait("Requirement", "SR-EVT-005")]
    public void A_rewritten_segment_stores_an_explicit_link_only_on_the_first_record_whose_predecessor_was_dropped()
    {
        FillWithSecurityRecords();
        int usedBefore = _device.Journal.UsedBytes;
        Assert.NotEqual(0, _device.AppendDirect(EventPriority.Security, mayEvictSecurity: true, RecordBytes));

        // As few records dropped as make room for the frame, a header and the explicit link the rewrite adds.
        int frame = Frame.SizeFor(RecordBytes, explicitPrevious: false);
        int needed = 1;
        while (usedBefore + frame + SegmentFile.HeaderBytes - (needed * frame) + 32 > _device.Options.CapacityBytes)
        {
            needed++;
        }

        Assert.Equal(needed, _device.Journal.DroppedSecurityTotal);
        var entries = _device.Entries();

        string oldest = _device.Flash.List("evt/seg-")[0];
        int kept = (_device.Flash.GetLength(oldest) - SegmentFile.HeaderBytes - 32) / Frame.SizeFor(RecordBytes, explicitPrevious: false);
        Assert.True(kept >= 2, $"{kept} records kept in the rewritten segment");
        Assert.Equal(SegmentFile.HeaderBytes + 32 + (kept * Frame.SizeFor(RecordBytes, explicitPrevious: false)), _device.Flash.GetLength(oldest));
        _device.BootJournalOnly();
        Assert.False(_device.Recovery.RepairedAnything);
        Assert.Equal(entries.Select(e => e.Sequence), _device.Entries().Select(e => e.Sequence));
    }

    /// <summary>Security records until the next one would need another evicted; returns their sequences.</summary>
    private List<long> FillWithSecurityRecords()
    {
        var stored = new List<long>();
        for (long sequence; (sequence = _device.AppendDirect(EventPriority.Security, mayEvictSecurity: false, RecordBytes)) != 0;)
        {
            stored.Add(sequence);
            Assert.True(stored.Count < 100, "a full journal kept taking records it had no room for");
        }

        return stored;
    }
}
