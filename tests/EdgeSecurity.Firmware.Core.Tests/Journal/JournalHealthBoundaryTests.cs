using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;

namespace EdgeSecurity.Firmware.Core.Tests.Journal;

/// <summary>
/// The log's own health reports at their exact boundaries (docs/events.md, "Fill threshold" and "When the journal
/// is full"): the fill threshold reached to the byte, the re-arm just at the threshold minus the hysteresis, a
/// health event that did not fit, and the drop report a saturated journal records at exactly every
/// <see cref="JournalOptions.DropReportInterval"/>-th record. The journal is filled straight (no log around it,
/// so nothing is reported while filling) with records sized so that no slack is left where the boundary is.
/// </summary>
public sealed class JournalHealthBoundaryTests : IDisposable
{
    // Three segments of 1200 bytes: the 80 % threshold is 2880 bytes, its re-arm level (70 %) 2520 bytes.
    private readonly EventLogHarness _device = new(EventLogHarness.Small());

    public void Dispose() => _device.Dispose();

    private int ThresholdBytes => _device.Options.CapacityBytes * _device.Options.HealthThresholdPercent / 100;

    private int RearmBytes => _device.Options.CapacityBytes * (_device.Options.HealthThresholdPercent - 10) / 100;

    [Fact]
    [Trait("Requirement", "SR-EVT-008")]
    public void The_record_that_brings_the_fill_exactly_to_the_threshold_is_followed_by_the_health_event()
    {
        long trigger = ReachThresholdExactly(out _);

        var health = Assert.Single(HealthEvents());
        Assert.Equal(trigger + 1, health.Sequence);
        Assert.Equal(ThresholdBytes, health.FindField(EventFieldIds.Journal.UsedBytes)!.Int32Value);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-008")]
    public void A_fill_that_falls_back_to_exactly_the_rearm_level_does_not_rearm_the_health_event()
    {
        ReachThresholdExactly(out long lastOfFirstSegment);

        // The host acknowledges the first segment, which leaves the journal: one full segment stays, and the active
        // one is filled so that the next record starts a new segment and brings the fill to exactly 70 %.
        Assert.True(_device.Journal.Acknowledge(lastOfFirstSegment));
        int segment = _device.Options.SegmentBytes;
        var rearmTrigger = EventLogHarness.Security(2);
        int activeEnd = RearmBytes - segment - SegmentFile.HeaderBytes - FrameBytes(rearmTrigger);
        AppendFrame(activeEnd - (_device.Journal.UsedBytes - segment));
        Assert.True(segment - activeEnd < FrameBytes(rearmTrigger), "the re-arm trigger would still fit in the active segment");
        Assert.NotEqual(0, _device.Log.Record(rearmTrigger));
        Assert.Equal(RearmBytes, _device.Journal.UsedBytes);

        // Back above the threshold without ever going below 70 %: still the one health event.
        for (int i = 3; _device.Journal.UsedBytes < ThresholdBytes + 200; i++)
        {
            Assert.NotEqual(0, _device.Log.Record(EventLogHarness.Security(i)));
        }

        Assert.Single(HealthEvents());
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-008")]
    public void A_health_event_that_did_not_fit_is_recorded_once_the_host_acknowledgement_makes_room()
    {
        var stored = FillWithShortestSecurityRecords();

        // A heartbeat is refused, and neither its drop report nor the health event may evict a security record.
        Assert.Equal(0, _device.Log.Record(_device.Telemetry()));
        Assert.Empty(HealthEvents());

        // The host takes the ten oldest records (part of the first segment, which stays); the next record makes room.
        Assert.True(_device.Journal.Acknowledge(stored[9]));
        long next = _device.Log.Record(EventLogHarness.Security(1));
        Assert.NotEqual(0, next);

        var health = Assert.Single(HealthEvents());
        Assert.True(health.Sequence > next, $"health event at {health.Sequence}, before the record at {next} that retried it");
        Assert.True(health.FindField(EventFieldIds.Journal.UsedBytes)!.Int32Value >= ThresholdBytes);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-005")]
    public void A_journal_full_of_security_records_reports_refused_heartbeats_at_exactly_the_configured_interval()
    {
        FillWithShortestSecurityRecords();
        int interval = _device.Options.DropReportInterval;

        // Every heartbeat is refused; until the interval is reached the report waits (it would evict a security record).
        Assert.Equal(0, _device.Log.Record(_device.Telemetry()));
        long firstRefused = _device.Journal.PendingDropReport()!.FirstSequence;
        for (int i = 2; i < interval; i++)
        {
            Assert.Equal(0, _device.Log.Record(_device.Telemetry()));
        }

        Assert.DoesNotContain(_device.Records(), r => r.EventType == EventTypes.RecordsDropped);
        Assert.Equal(interval - 1, _device.Journal.PendingDropReport()!.Telemetry);

        // The interval-th record since boot (no report before it): the report evicts the oldest security record.
        Assert.Equal(0, _device.Log.Record(_device.Telemetry()));
        var report = Assert.Single(_device.Records(), r => r.EventType == EventTypes.RecordsDropped);
        Assert.Equal((interval, 0, firstRefused), (
            report.FindField(EventFieldIds.Journal.DroppedTelemetry)!.Int32Value,
            report.FindField(EventFieldIds.Journal.DroppedSecurity)!.Int32Value,
            report.FindField(EventFieldIds.Journal.FirstDroppedSequence)!.Int64Value));
        Assert.True(_device.Journal.DroppedSecurityTotal > 0, "the report was stored without evicting a security record");
    }

    /// <summary>
    /// Two full segments, then the third filled so that one logged record brings the fill to exactly the threshold.
    /// Returns that record's sequence, and in <paramref name="lastOfFirstSegment"/> the first segment's last record.
    /// </summary>
    private long ReachThresholdExactly(out long lastOfFirstSegment)
    {
        int halfSegment = (_device.Options.SegmentBytes - SegmentFile.HeaderBytes) / 2;
        AppendFrame(halfSegment);
        lastOfFirstSegment = AppendFrame(halfSegment);
        AppendFrame(halfSegment);
        AppendFrame(halfSegment);
        Assert.Equal(2 * _device.Options.SegmentBytes, _device.Journal.UsedBytes);

        var trigger = EventLogHarness.Security(1);
        AppendFrame(ThresholdBytes - _device.Journal.UsedBytes - SegmentFile.HeaderBytes - FrameBytes(trigger));
        Assert.Equal(ThresholdBytes, _device.Journal.UsedBytes + FrameBytes(trigger));
        Assert.Empty(HealthEvents());
        return _device.Log.Record(trigger);
    }

    /// <summary>Shortest security records until the next would need one evicted: what is left holds no logged event.</summary>
    private List<long> FillWithShortestSecurityRecords()
    {
        var stored = new List<long>();
        for (long sequence; (sequence = _device.AppendDirect(EventPriority.Security, mayEvictSecurity: false)) != 0;)
        {
            stored.Add(sequence);
        }

        int left = _device.Options.CapacityBytes - _device.Journal.UsedBytes - SegmentFile.HeaderBytes;
        Assert.True(left < FrameBytes(HealthEventLike()), $"{left} bytes left hold a health event");
        return stored;
    }

    private long AppendFrame(int frameBytes)
    {
        long sequence = _device.AppendDirect(EventPriority.Security, mayEvictSecurity: false, frameBytes - Frame.SizeFor(0, explicitPrevious: false));
        Assert.NotEqual(0, sequence);
        return sequence;
    }

    private List<EventRecord> HealthEvents() => [.. _device.Records().Where(r => r.EventType == EventTypes.JournalThresholdReached)];

    /// <summary>The health event the log records here (its int32 fields make the size independent of the values).</summary>
    private SecurityEvent HealthEventLike() => SecurityEvents.JournalThresholdReached(0, 0, 0, 0);

    /// <summary>Bytes of the frame the log writes for <paramref name="securityEvent"/> (no explicit link).</summary>
    private static int FrameBytes(SecurityEvent securityEvent)
    {
        var record = new EventRecord
        {
            DeviceId = EventLogHarness.DeviceId,
            Sequence = 1,
            EventType = securityEvent.Type,
            Severity = securityEvent.Severity,
            Priority = securityEvent.Priority,
            Fields = securityEvent.Fields,
        };
        return Frame.SizeFor(EventRecordCodec.Encode(record).Length, explicitPrevious: false);
    }
}
