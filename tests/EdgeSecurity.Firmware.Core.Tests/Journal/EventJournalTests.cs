using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Tests.Events.Support;

namespace EdgeSecurity.Firmware.Core.Tests.Journal;

public sealed class EventJournalTests : IDisposable
{
    private readonly EventLogHarness _device = new();

    public void Dispose() => _device.Dispose();

    [Fact]
    [Trait("Requirement", "SR-EVT-002")]
    [Trait("Requirement", "SR-EVT-004")]
    public void Records_survive_a_reboot_and_the_chain_continues_across_it()
    {
        var sequences = Enumerable.Range(1, 10).Select(i => _device.Log.Record(EventLogHarness.Security(i))).ToList();
        _device.Boot();
        sequences.Add(_device.Log.Record(EventLogHarness.Security(11)));

        var entries = _device.Entries();
        Assert.Equal(sequences, entries.Select(e => e.Sequence));
        var verifier = new EventChainVerifier(_device.Mac, _device.Key, EventLogHarness.DeviceId, 0, EventChain.Genesis());
        Assert.All(entries, e => Assert.Equal(ChainVerdict.Linked, verifier.Check(e.PreviousMac, e.Record, e.Mac)));
        Assert.Equal(2u, EventRecordCodec.Decode(entries[^1].Record).BootCounter);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-001")]
    public void The_envelope_comes_from_the_clock_and_device()
    {
        _device.Clock.IsWallClockTrusted = false;
        _device.Clock.UptimeMilliseconds = 777;
        _device.Log.Record(EventLogHarness.Security(1));

        var record = _device.Records().Single();
        Assert.Equal(EventLogHarness.DeviceId, record.DeviceId);
        Assert.False(record.DeviceTimeTrusted);
        Assert.Equal(777, record.UptimeMs);
        Assert.Equal(new DateTimeOffset(_device.Clock.UtcNow).ToUnixTimeMilliseconds(), record.DeviceTimeUnixMs);
        Assert.Equal(EventTypes.AuthenticationFailure, record.EventType);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-004")]
    public void A_torn_tail_is_cut_and_every_complete_record_kept()
    {
        for (int i = 1; i <= 5; i++)
        {
            _device.Log.Record(EventLogHarness.Security(i));
        }

        var segment = _device.Flash.List("evt/seg-").Single();
        var length = _device.Flash.GetLength(segment);
        var partial = new byte[] { 0xA5, 0x00, 0x00, 0x60, 1, 2, 3 };
        _device.Flash.Write(segment, length, partial, 0, partial.Length);
        _device.Flash.Flush(segment);

        _device.Boot();

        Assert.Equal(partial.Length, _device.Recovery.TruncatedBytes);
        var records = _device.Records();
        Assert.Equal([1, 2, 3, 4, 5], records.Take(5).Select(r => r.Sequence));
        Assert.Equal(EventTypes.JournalRecovered, records[5].EventType);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-009")]
    public void A_copy_of_an_earlier_record_written_back_to_flash_is_cut_and_reported_as_tampering()
    {
        for (int i = 1; i <= 5; i++)
        {
            _device.Log.Record(EventLogHarness.Security(i));
        }

        var second = _device.Entries()[1];
        var copy = Frame.Encode(second.Record, second.Mac, second.PreviousMac);
        var segment = _device.Flash.List("evt/seg-").Single();
        _device.Flash.Write(segment, _device.Flash.GetLength(segment), copy, 0, copy.Length);
        _device.Flash.Flush(segment);

        _device.Boot();

        Assert.True(_device.Recovery.TamperingFound);
        Assert.Equal((2L, 5L), (_device.Recovery.OutOfSequenceFound, _device.Recovery.OutOfSequenceAfter));
        Assert.Equal(copy.Length, _device.Recovery.TruncatedBytes);
        var records = _device.Records();
        Assert.Equal([1, 2, 3, 4, 5], records.Take(5).Select(r => r.Sequence));
        var report = records[5];
        Assert.Equal((EventTypes.JournalTampered, EventSeverity.Critical), (report.EventType, report.Severity));
        Assert.Equal(2L, report.Fields.Single(f => f.Id == EventFieldIds.Journal.OutOfSequenceFound).Int64Value);
        Assert.Equal(EventTypes.JournalRecovered, records[6].EventType);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-003")]
    public void Sequence_numbers_never_repeat_even_when_the_reservation_file_is_lost()
    {
        var before = Enumerable.Range(1, 3).Select(i => _device.Log.Record(EventLogHarness.Security(i))).Max();
        _device.Flash.Delete("evt/seq.bin");

        _device.Boot();

        Assert.True(_device.Recovery.SequenceStateLost);
        Assert.True(_device.Log.Record(EventLogHarness.Security(4)) > before);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-003")]
    public void Reserved_but_unused_numbers_are_skipped_after_reboot()
    {
        var first = _device.Log.Record(EventLogHarness.Security(1));
        _device.Boot();
        var second = _device.Log.Record(EventLogHarness.Security(2));

        Assert.Equal(first + _device.Options.SequenceBlock, second);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-006")]
    public void Acknowledged_records_leave_and_duplicate_or_bogus_acks_change_nothing()
    {
        var sequences = Enumerable.Range(1, 6).Select(i => _device.Log.Record(EventLogHarness.Security(i))).ToArray();

        Assert.True(_device.Journal.Acknowledge(sequences[3]));
        Assert.False(_device.Journal.Acknowledge(sequences[3]));
        Assert.False(_device.Journal.Acknowledge(sequences[1]));
        Assert.Throws<ArgumentException>(() => _device.Journal.Acknowledge(sequences[5] + 1));

        Assert.Equal(sequences[4..], _device.Entries().Select(e => e.Sequence));
        _device.BootJournalOnly();
        Assert.Equal(sequences[3], _device.Journal.AcknowledgedThrough);
        Assert.Equal(sequences[4..], _device.Entries().Select(e => e.Sequence));
    }

    [Fact]
    public void Acknowledged_segments_are_deleted_but_the_newest_segment_stays()
    {
        var small = new EventLogHarness(EventLogHarness.Small(segments: 6));
        using (small)
        {
            long last = 0;
            for (int i = 0; i < 30; i++)
            {
                last = small.Log.Record(EventLogHarness.Security(i));
            }

            Assert.True(small.Flash.List("evt/seg-").Length > 2);
            small.Journal.Acknowledge(last);

            Assert.Single(small.Flash.List("evt/seg-"));
            Assert.Empty(small.Entries());
            small.Boot();
            var next = small.Log.Record(EventLogHarness.Security(99));
            var verifier = new EventChainVerifier(small.Mac, small.Key, EventLogHarness.DeviceId, last, EventChain.Genesis());
            var entry = small.Entries().Single(e => e.Sequence == next);
            Assert.NotEqual(ChainVerdict.Forged, verifier.Check(entry.PreviousMac, entry.Record, entry.Mac));
        }
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-005")]
    public void When_full_telemetry_goes_first_and_every_drop_is_counted_and_reported()
    {
        using var small = new EventLogHarness(EventLogHarness.Small());
        var telemetry = Enumerable.Range(0, 8).Select(_ => small.Log.Record(small.Telemetry())).ToList();
        var security = new List<long>();
        for (int i = 0; i < 20; i++)
        {
            security.Add(small.Log.Record(EventLogHarness.Security(i)));
        }

        var records = small.Records();
        var kept = records.Select(r => r.Sequence).ToHashSet();
        Assert.All(security, s => Assert.Contains(s, kept));
        var droppedTelemetry = telemetry.Count(s => !kept.Contains(s));
        Assert.True(droppedTelemetry > 0);
        Assert.Equal(droppedTelemetry, small.Journal.DroppedTelemetryTotal);
        Assert.Equal(0, small.Journal.DroppedSecurityTotal);
        Assert.True(small.Journal.UsedBytes <= small.Options.CapacityBytes);

        var report = records.Last(r => r.EventType == EventTypes.RecordsDropped);
        Assert.Equal(droppedTelemetry, report.FindField(EventFieldIds.Journal.DroppedTelemetryTotal)!.Int64Value);
        Assert.True(report.FindField(EventFieldIds.Journal.FirstDroppedSequence)!.Int64Value >= telemetry[0]);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-005")]
    public void Full_of_security_events_new_telemetry_is_refused_and_the_oldest_security_event_dropped_with_a_report()
    {
        using var small = new EventLogHarness(EventLogHarness.Small());
        var security = new List<long>();
        for (int i = 0; i < 60; i++)
        {
            security.Add(small.Log.Record(EventLogHarness.Security(i)));
        }

        Assert.All(security, s => Assert.True(s > 0));
        Assert.Equal(0, small.Log.Record(small.Telemetry()));
        Assert.True(small.Journal.DroppedTelemetryTotal >= 1);
        Assert.True(small.Journal.DroppedSecurityTotal > 0);

        var records = small.Records();
        var kept = records.Select(r => r.Sequence).ToHashSet();
        Assert.Contains(security[^1], kept);
        Assert.DoesNotContain(security[0], kept);
        // The oldest go: whatever is kept of the recorded events is a suffix.
        var keptSecurity = security.Where(kept.Contains).ToList();
        Assert.Equal(security.SkipWhile(s => !kept.Contains(s)), keptSecurity);

        var reports = records.Where(r => r.EventType == EventTypes.RecordsDropped).ToList();
        Assert.NotEmpty(reports);
        var missing = security.Count(s => !kept.Contains(s));
        Assert.True(small.Journal.DroppedSecurityTotal >= missing);
        Assert.True(reports[^1].FindField(EventFieldIds.Journal.DroppedSecurityTotal)!.Int64Value > 0);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-005")]
    public void Drop_counters_survive_a_reboot()
    {
        using var small = new EventLogHarness(EventLogHarness.Small());
        for (int i = 0; i < 60; i++)
        {
            small.Log.Record(EventLogHarness.Security(i));
        }

        var telemetry = small.Journal.DroppedTelemetryTotal;
        var security = small.Journal.DroppedSecurityTotal;
        small.BootJournalOnly();

        Assert.Equal(telemetry, small.Journal.DroppedTelemetryTotal);
        Assert.Equal(security, small.Journal.DroppedSecurityTotal);
        Assert.True(security > 0);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-002")]
    public void After_eviction_the_kept_records_still_verify_with_their_explicit_links()
    {
        using var small = new EventLogHarness(EventLogHarness.Small());
        for (int i = 0; i < 40; i++)
        {
            small.Log.Record(i % 2 == 0 ? small.Telemetry() : EventLogHarness.Security(i));
        }

        var entries = small.Entries();
        var verifier = new EventChainVerifier(small.Mac, small.Key, EventLogHarness.DeviceId, 0, entries[0].PreviousMac);
        var verdicts = entries.Select(e => verifier.Check(e.PreviousMac, e.Record, e.Mac)).ToList();
        Assert.DoesNotContain(ChainVerdict.Forged, verdicts);
        Assert.Contains(ChainVerdict.LinkedAfterGap, verdicts);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-008")]
    public void Crossing_the_fill_threshold_records_a_health_event_once()
    {
        using var small = new EventLogHarness(EventLogHarness.Small(segments: 6));
        var threshold = small.Options.CapacityBytes * small.Options.HealthThresholdPercent / 100;
        int i = 0;
        while (small.Journal.UsedBytes < threshold)
        {
            Assert.DoesNotContain(small.Records(), r => r.EventType == EventTypes.JournalThresholdReached);
            small.Log.Record(EventLogHarness.Security(i++));
        }

        small.Log.Record(EventLogHarness.Security(i++));
        small.Log.Record(EventLogHarness.Security(i));

        var health = Assert.Single(small.Records(), r => r.EventType == EventTypes.JournalThresholdReached);
        Assert.Equal(80, health.FindField(EventFieldIds.Journal.ThresholdPercent)!.Int32Value);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-008")]
    public void After_the_journal_drains_below_the_hysteresis_crossing_the_threshold_again_records_a_new_health_event()
    {
        using var small = new EventLogHarness(EventLogHarness.Small(segments: 6));
        var threshold = small.Options.CapacityBytes * small.Options.HealthThresholdPercent / 100;
        int i = 0;
        for (int round = 0; round < 2; round++)
        {
            long acknowledged = small.Journal.AcknowledgedThrough;
            while (small.Journal.UsedBytes < threshold)
            {
                small.Log.Record(EventLogHarness.Security(i++));
            }

            small.Log.Record(EventLogHarness.Security(i++));
            Assert.Single(small.Records(), r => r.EventType == EventTypes.JournalThresholdReached && r.Sequence > acknowledged);

            // The uplink takes everything: the journal drains far below the threshold minus its hysteresis.
            Assert.True(small.Journal.Acknowledge(small.Journal.HeadSequence));
            small.Log.Record(EventLogHarness.Security(i++));
            Assert.True(small.Journal.UsedBytes * 100 < small.Options.CapacityBytes * (small.Options.HealthThresholdPercent - 10));
        }
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-008")]
    public void A_heartbeat_carries_the_journal_health()
    {
        _device.Log.Record(EventLogHarness.Security(1));
        _device.Log.RecordHeartbeat(12345);

        var heartbeat = _device.Records().Last();
        Assert.Equal(EventPriority.Telemetry, heartbeat.Priority);
        Assert.Equal(12345, heartbeat.FindField(EventFieldIds.Heartbeat.FreeMemoryBytes)!.Int64Value);
        Assert.Equal(1, heartbeat.FindField(EventFieldIds.Heartbeat.UnacknowledgedRecords)!.Int32Value);
        Assert.Equal(_device.Options.CapacityBytes, heartbeat.FindField(EventFieldIds.Heartbeat.JournalCapacityBytes)!.Int32Value);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-004")]
    public void A_record_recovery_would_refuse_is_refused_before_anything_reaches_flash()
    {
        for (int i = 1; i <= 3; i++)
        {
            _device.Log.Record(EventLogHarness.Security(i));
        }

        var before = FlashContents();
        var head = _device.Entries()[^1];

        var tooShort = Assert.Throws<ArgumentException>(() => _device.Journal.Append(head.Sequence + 1, EventPriority.Security, new byte[Frame.MinRecordBytes - 1], head.Mac, false));
        var otherSequence = Assert.Throws<ArgumentException>(() => _device.Journal.Append(head.Sequence + 5, EventPriority.Security, head.Record, head.Mac, false));

        Assert.Contains("at least 37 bytes", tooShort.Message, StringComparison.Ordinal);
        Assert.Contains("sequence is " + (head.Sequence + 5), otherSequence.Message, StringComparison.Ordinal);
        Assert.Equal(before, FlashContents());
        Assert.Equal(head.Sequence, _device.Journal.HeadSequence);
        _device.Log.Record(EventLogHarness.Security(4));
        _device.Boot();
        Assert.Equal(4, _device.Entries().Length);
    }

    private SortedDictionary<string, string> FlashContents() => new(
        Directory.GetFiles(_device.Directory, "*", SearchOption.AllDirectories).ToDictionary(f => f, f => Convert.ToHexString(File.ReadAllBytes(f))),
        StringComparer.Ordinal);

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new EventJournal(_device.Flash, new JournalOptions { SegmentBytes = 100 }));
        Assert.Throws<ArgumentException>(() => new EventJournal(_device.Flash, new JournalOptions { SegmentBytes = 2000, CapacityBytes = 4000 }));
    }
}
