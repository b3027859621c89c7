using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Ingest;

/// <summary>
/// Checks a decoded batch of one device against the stored chain head with the core's
/// <see cref="EventChainVerifier"/> (docs/formats/events.md §2) and classifies every entry: new and
/// linked, new after an explained or unexplained gap, duplicate, conflicting copy, or forged. Stops at
/// the first forged entry so the ack never confirms anything after it: the device keeps its genuine
/// copy and sends it again.
/// </summary>
public sealed class BatchVerifier(ITelemetryStore store, TimeProvider time)
{
    private const int DropReportsConsulted = 50;

    /// <param name="deviceId">The device the topic names; every record was already checked to name it.</param>
    public async Task<VerifiedBatch> VerifyAsync(string deviceId, EventBatch batch, byte[] deviceEventKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var head = await store.GetChainHeadAsync(deviceId, cancellationToken).ConfigureAwait(false);
        var verifier = new EventChainVerifier(IngestMac.Instance, deviceEventKey, deviceId, head?.Sequence ?? 0, head?.Mac ?? EventChain.Genesis());
        var receivedAt = time.GetUtcNow().ToUnixTimeMilliseconds();
        var accepted = new List<SecurityEventRecord>();
        var anomalies = new List<ChainAnomaly>();
        var gaps = new List<(long HeadBefore, long Sequence)>();
        var duplicates = 0;
        foreach (var entry in batch.Entries)
        {
            var headBefore = verifier.HeadSequence;
            var verdict = verifier.Check(entry.PreviousMac, entry.RecordBytes, entry.Mac);
            var sequence = entry.Record.Sequence;
            switch (verdict)
            {
                case ChainVerdict.Linked:
                    accepted.Add(EventRecordMapper.ToStored(entry, receivedAt));
                    break;
                case ChainVerdict.LinkedAfterGap:
                    accepted.Add(EventRecordMapper.ToStored(entry, receivedAt));
                    gaps.Add((headBefore, sequence));
                    break;
                case ChainVerdict.NotNewer:
                    if (await IsStoredCopyAsync(entry, cancellationToken).ConfigureAwait(false))
                    {
                        duplicates++;
                    }
                    else
                    {
                        anomalies.Add(new ChainAnomaly(AnomalyKind.Conflict, deviceId, [sequence], $"sequence {sequence} is not above the chain head {headBefore} and differs from the stored copy (replay or device reset)"));
                    }

                    break;
                case ChainVerdict.Forged:
                case ChainVerdict.WrongDevice:
                    anomalies.Add(new ChainAnomaly(AnomalyKind.Forged, deviceId, [sequence], $"the MAC of sequence {sequence} does not verify; it and the rest of batch {batch.BatchId} were not stored"));
                    return await CompleteAsync(deviceId, batch.BatchId, head, verifier, accepted, duplicates, anomalies, gaps, cancellationToken).ConfigureAwait(false);
                default:
                    throw new InvalidOperationException($"Unknown chain verdict {verdict}.");
            }
        }

        return await CompleteAsync(deviceId, batch.BatchId, head, verifier, accepted, duplicates, anomalies, gaps, cancellationToken).ConfigureAwait(false);
    }

    private async Task<VerifiedBatch> CompleteAsync(
        string deviceId,
        uint batchId,
        ChainHead? head,
        EventChainVerifier verifier,
        List<SecurityEventRecord> accepted,
        int duplicates,
        List<ChainAnomaly> anomalies,
        List<(long HeadBefore, long Sequence)> gaps,
        CancellationToken cancellationToken)
    {
        if (gaps.Count > 0)
        {
            var dropRanges = await DropRangesAsync(deviceId, accepted, cancellationToken).ConfigureAwait(false);
            foreach (var (headBefore, sequence) in gaps)
            {
                var explanation = dropRanges.FirstOrDefault(d => d.First <= sequence - 1 && d.Last >= headBefore + 1);
                anomalies.Add(explanation.Report != 0
                    ? new ChainAnomaly(AnomalyKind.ExplainedGap, deviceId, [sequence, explanation.Report], $"records after {headBefore} and before {sequence} were dropped by the device (reported by sequence {explanation.Report})")
                    : new ChainAnomaly(AnomalyKind.UnexplainedGap, deviceId, [sequence], $"records after {headBefore} and before {sequence} are missing and no records-dropped event explains it"));
            }
        }

        var moved = verifier.HeadSequence > (head?.Sequence ?? 0);
        var newHead = moved ? new ChainHead(deviceId, verifier.HeadSequence, verifier.HeadMac) : null;
        return new VerifiedBatch(deviceId, batchId, accepted, newHead, verifier.HeadSequence, duplicates, anomalies);
    }

    private async Task<bool> IsStoredCopyAsync(EventBatchEntry entry, CancellationToken cancellationToken)
    {
        var stored = await store.GetEventAsync(entry.Record.DeviceId, entry.Record.Sequence, cancellationToken).ConfigureAwait(false);
        return stored is not null && stored.RawRecord.AsSpan().SequenceEqual(entry.RecordBytes) && stored.Mac.AsSpan().SequenceEqual(entry.Mac);
    }

    // Drop reports in this batch and the device's most recent stored ones: a report may arrive in the batch
    // that shows the gap (eviction happens first, the report is recorded right after) or before it.
    private async Task<List<(long First, long Last, long Report)>> DropRangesAsync(string deviceId, List<SecurityEventRecord> accepted, CancellationToken cancellationToken)
    {
        var page = await store.QueryEventsAsync(new EventQuery(DeviceId: deviceId, Type: EventTypes.RecordsDropped, Limit: DropReportsConsulted), cancellationToken).ConfigureAwait(false);
        var ranges = new List<(long, long, long)>();
        foreach (var stored in accepted.Where(e => e.Type == EventTypes.RecordsDropped).Concat(page.Items))
        {
            if (EventRecordMapper.DroppedRange(EventRecordCodec.Decode(stored.RawRecord)) is { } range)
            {
                ranges.Add((range.First, range.Last, stored.Sequence));
            }
        }

        return ranges;
    }
}
