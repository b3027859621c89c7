using System.Globalization;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Alerts;

/// <summary>
/// Remembers the chain hole behind each unexplained-gap alert and resolves the alert when the device's
/// records-dropped report covering the hole arrives in a later batch (ingest accepted the hole on the
/// device's MAC'd completeness statement before the report came). The same rule as at ingest applies: one
/// report must cover the whole hole. The lost records stay visible: the report raises its own journal-drops
/// alert (decisions.md).
/// </summary>
internal sealed partial class ChainGapExplainer(ITelemetryStore store, TimeProvider time, ILogger logger)
{
    /// <summary>Records the hole that ends just before the anomaly's record. It starts after the record before
    /// it: an earlier one of the same batch, else the device's highest stored one (the chain head the batch
    /// continued, whether or not the batch itself is stored yet). When that stored record is the one right
    /// before the anomaly's, another host instance stored the records after ingest found them missing: no hole
    /// is left to remember, and the alert says so but stays open for an analyst (decisions.md).</summary>
    public async Task RememberAsync(long alertId, ChainAnomaly anomaly, VerifiedBatch? batch, CancellationToken cancellationToken)
    {
        if (anomaly.Kind != AnomalyKind.UnexplainedGap || anomaly.Sequences.Count == 0)
        {
            return;
        }

        var after = anomaly.Sequences[0];
        var before = batch?.NewEvents.Where(e => e.Sequence < after).Select(e => e.Sequence).DefaultIfEmpty().Max() ?? 0;
        if (before == 0)
        {
            before = await store.GetPrecedingSequenceAsync(anomaly.DeviceId, after, cancellationToken).ConfigureAwait(false);
        }

        var first = before + 1;
        if (first < after)
        {
            await store.RecordAlertGapAsync(new AlertGap(alertId, first, after - 1), cancellationToken).ConfigureAwait(false);
            return;
        }

        // Not resolved: the alert collects every gap of the device while it is new, and another instance may have
        // raised it for a real hole that it has not remembered yet (raising and remembering are two writes).
        var now = time.GetUtcNow();
        var note = string.Create(
            CultureInfo.InvariantCulture,
            $"; checked at {now:yyyy-MM-ddTHH:mm:ssZ}: record {before}, the one before {after}, is stored by now (another host instance stored it after this gap was found), so no hole before {after} is left for a records-dropped report to explain; the device's stored records show whether any is still missing");
        await store.AnnotateAlertAsync(alertId, note, now.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Explains the device's remembered holes that a drop report of the batch covers; costs nothing for a batch without one.</summary>
    public async Task ExplainAsync(VerifiedBatch batch, CancellationToken cancellationToken)
    {
        var reports = batch.NewRecords
            .Where(r => r.EventType == EventTypes.RecordsDropped)
            .Select(r => (Sequence: r.Sequence, Range: EventRecordMapper.DroppedRange(r)))
            .Where(r => r.Range is not null)
            .Select(r => (r.Sequence, First: r.Range!.Value.First, Last: r.Range.Value.Last))
            .ToList();
        if (reports.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var gap in await store.FindUnexplainedGapsAsync(batch.DeviceId, cancellationToken).ConfigureAwait(false))
        {
            var covering = reports.Where(r => gap.IsCoveredBy(r.First, r.Last)).ToList();
            if (covering.Count == 0)
            {
                continue;
            }

            var report = covering[0];
            var note = string.Create(
                CultureInfo.InvariantCulture,
                $"; explained at {now:yyyy-MM-ddTHH:mm:ssZ}: records {gap.FirstSequence}–{gap.LastSequence} are covered by the device's records-dropped report (sequence {report.Sequence}, dropped {report.First}–{report.Last}), see the journal-drops alert");
            if (await store.ExplainAlertGapAsync(gap, report.Sequence, note, now.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false))
            {
                LogResolved(gap.AlertId, batch.DeviceId, report.Sequence);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Gap alert {AlertId} of device {DeviceId} resolved: its holes are covered by the records-dropped report at sequence {ReportSequence}")]
    private partial void LogResolved(long alertId, string deviceId, long reportSequence);
}
