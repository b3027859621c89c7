using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;

namespace EdgeSecurity.Firmware.Core.Tests.Journal;

/// <summary>
/// The journal's account of what it dropped, through the journal's own API (no log around it reporting on
/// its own): each report names exactly the drops since the one before, a report once recorded is not pending
/// again (also after a reboot), drops counted while a report was being recorded stay pending, and a later
/// report's range is that of its own drops.
/// </summary>
public sealed class DropReportBookkeepingTests : IDisposable
{
    private const int RecordBytes = 200;
    private readonly EventLogHarness _device = new(EventLogHarness.Small());

    public void Dispose() => _device.Dispose();

    [Fact]
    [Trait("Requirement", "SR-EVT-005")]
    public void Each_report_covers_exactly_the_drops_since_the_last_one_and_survives_a_reboot_once_recorded()
    {
        _device.BootJournalOnly();
        var stored = FillWithSecurityRecords();

        // A security record that needs room evicts the oldest ones, counted before they go.
        long newest = _device.AppendDirect(EventPriority.Security, mayEvictSecurity: true, RecordBytes);
        Assert.NotEqual(0, newest);
        var kept = _device.Entries().Select(e => e.Sequence).ToHashSet();
        var evicted = stored.Where(s => !kept.Contains(s)).ToList();
        var first = Pending();
        Assert.Equal((0, evicted.Count, evicted[0], evicted[^1]), (first.Telemetry, first.Security, first.FirstSequence, first.LastSequence));

        _device.Journal.MarkReported(first);
        Assert.Null(_device.Journal.PendingDropReport());
        _device.BootJournalOnly();
        Assert.Null(_device.Journal.PendingDropReport());

        // Two refused telemetry records; the report of the first is recorded after the second was counted.
        long refused = _device.Journal.NextSequence() + 1;
        Assert.Equal(0, _device.AppendDirect(EventPriority.Telemetry, mayEvictSecurity: true, RecordBytes));
        var second = Pending();
        Assert.Equal((1, 0, refused, refused), (second.Telemetry, second.Security, second.FirstSequence, second.LastSequence));
        long refusedAgain = _device.Journal.NextSequence() + 1;
        Assert.Equal(0, _device.AppendDirect(EventPriority.Telemetry, mayEvictSecurity: true, RecordBytes));
        _device.Journal.MarkReported(second);
        var stillPending = Pending();
        Assert.Equal((1, 0, refusedAgain), (stillPending.Telemetry, stillPending.Security, stillPending.LastSequence));
        _device.Journal.MarkReported(stillPending);
        Assert.Null(_device.Journal.PendingDropReport());

        // Older security records evicted next: the report's range is theirs, not the refused records' above it.
        Assert.NotEqual(0, _device.AppendDirect(EventPriority.Security, mayEvictSecurity: true, RecordBytes));
        var third = Pending();
        Assert.True(third.LastSequence < refused, $"range {third.FirstSequence}-{third.LastSequence} reaches the refused telemetry at {refused}");
        Assert.Equal((2L, evicted.Count + third.Security), (third.TelemetryTotal, third.SecurityTotal));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-005")]
    public void A_report_of_several_drops_starts_at_the_first_of_them()
    {
        _device.BootJournalOnly();
        FillWithSecurityRecords();

        // Two telemetry records refused in turn, no report recorded between them.
        long refused = _device.Journal.NextSequence() + 1;
        Assert.Equal(0, _device.AppendDirect(EventPriority.Telemetry, mayEvictSecurity: true, RecordBytes));
        long refusedAgain = _device.Journal.NextSequence() + 1;
        Assert.Equal(0, _device.AppendDirect(EventPriority.Telemetry, mayEvictSecurity: true, RecordBytes));

        var report = Pending();
        Assert.Equal((2, 0, refused, refusedAgain), (report.Telemetry, report.Security, report.FirstSequence, report.LastSequence));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-005")]
    public void Drops_still_pending_at_a_reboot_are_reported_at_open_even_when_the_report_must_evict_a_security_record()
    {
        _device.BootJournalOnly();
        var stored = FillWithSecurityRecords();
        Assert.NotEqual(0, _device.AppendDirect(EventPriority.Security, mayEvictSecurity: true, RecordBytes));
        var pending = Pending();
        while (_device.AppendDirect(EventPriority.Security, mayEvictSecurity: false) != 0)
        {
        }

        // The log opens the journal: nothing else is recorded before the report.
        _device.Boot();

        // What is pending now is the record the report itself evicted.
        Assert.Equal((0, 1), (Pending().Telemetry, Pending().Security));
        Assert.True(Pending().LastSequence > pending.LastSequence, "no record was evicted for the report");
        var report = _device.Records()[^1];
        Assert.Equal(EventTypes.RecordsDropped, report.EventType);
        Assert.Equal((pending.Security, pending.FirstSequence, pending.LastSequence, "capacity"), (
            report.FindField(EventFieldIds.Journal.DroppedSecurity)!.Int32Value,
            report.FindField(EventFieldIds.Journal.FirstDroppedSequence)!.Int64Value,
            report.FindField(EventFieldIds.Journal.LastDroppedSequence)!.Int64Value,
            report.FindField(EventFieldIds.Journal.Reason)!.StringValue));
        Assert.True(_device.Journal.DroppedSecurityTotal > pending.SecurityTotal, "the report was stored without evicting a security record");
        Assert.DoesNotContain(stored[0], _device.Entries().Select(e => e.Sequence));
    }

    /// <summary>Security records until the next one would need another evicted; returns their sequences.</summary>
    private List<long> FillWithSecurityRecords()
    {
        var stored = new List<long>();
        for (long sequence; (sequence = _device.AppendDirect(EventPriority.Security, mayEvictSecurity: false, RecordBytes)) != 0;)
        {
            stored.Add(sequence);
        }

        Assert.Null(_device.Journal.PendingDropReport());
        return stored;
    }

    private DropReport Pending() => _device.Journal.PendingDropReport() ?? throw new Xunit.Sdk.XunitException("no drop report pending");
}
