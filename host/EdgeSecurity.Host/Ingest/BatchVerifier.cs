using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Ingest;

/// <summary>
/// Checks a decoded batch of one device against the stored chain head with the core's
/// <see cref="EventChainVerifier"/> (docs/formats/events.md §2) and classifies every entry: new and
/// linked, new after a gap, duplicate, conflicting copy, or forged. The ack must never confirm a record
/// the host does not hold, so it stops at the first forged entry (the device keeps its genuine copy and
/// sends it again) and at the first gap that neither a records-dropped report explains nor the device's
/// signed <see cref="BatchCompleteness"/> shows to be final: typically an earlier batch was lost in
/// transit or is still being stored by another host instance, and the device sends it again.
/// </summary>
public sealed class BatchVerifier(ITelemetryStore store, ChainHeadCache heads, TimeProvider time)
{
    private const int DropReportsConsulted = 50;

    /// <summary>Verifies a batch of a device that never changed its event key (key epoch 0).</summary>
    public Task<VerifiedBatch> VerifyAsync(string deviceId, EventBatch batch, byte[] deviceEventKey, CancellationToken cancellationToken) =>
        VerifyAsync(deviceId, batch, deviceEventKey, new SingleKeyRing(0, deviceEventKey), cancellationToken);

    /// <param name="deviceId">The device the topic names; every record was already checked to name it.</param>
    /// <param name="deviceEventKey">The device's current key: its batch completeness statement is MAC'd with it.</param>
    /// <param name="keys">The device's keys by epoch: each record is checked under the key of the epoch it names.</param>
    public async Task<VerifiedBatch> VerifyAsync(string deviceId, EventBatch batch, byte[] deviceEventKey, IEventKeyRing keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var head = heads.ContinuedBy(deviceId, batch) ?? await store.GetChainHeadAsync(deviceId, cancellationToken).ConfigureAwait(false);
        var verifier = new EventChainVerifier(IngestMac.Instance, keys, deviceId, head?.KeyEpoch ?? 0, head?.Sequence ?? 0, head?.Mac ?? EventChain.Genesis());
        var receivedAt = time.GetUtcNow().ToUnixTimeMilliseconds();
        var accepted = new List<SecurityEventRecord>();
        var decoded = new List<EventRecord>();
        var anomalies = new List<ChainAnomaly>();
        var duplicates = 0;
        var (heldThrough, heldMac, heldEpoch) = (head?.Sequence ?? 0, head?.Mac, head?.KeyEpoch ?? 0);
        List<(long First, long Last, long Report)>? dropRanges = null;
        long? completeFrom = null;
        foreach (var entry in batch.Entries)
        {
            var headBefore = verifier.HeadSequence;
            var verdict = verifier.Check(entry.PreviousMac, entry.RecordBytes, entry.Record, entry.Mac);
            var sequence = entry.Record.Sequence;
            var chainStatus = EventChainStatus.Linked;
            switch (verdict)
            {
                case ChainVerdict.Linked:
                    break;
                case ChainVerdict.LinkedAfterGap:
                    dropRanges ??= await DropRangesAsync(deviceId, batch, keys, cancellationToken).ConfigureAwait(false);
                    // The report must cover the whole hole: part of it may be a batch lost in transit.
                    var explanation = dropRanges.FirstOrDefault(d => d.First <= headBefore + 1 && d.Last >= sequence - 1);
                    if (explanation.Report != 0)
                    {
                        chainStatus = EventChainStatus.AfterExplainedGap;
                        anomalies.Add(new ChainAnomaly(AnomalyKind.ExplainedGap, deviceId, [sequence, explanation.Report], $"records after {headBefore} and before {sequence} were dropped by the device (reported by sequence {explanation.Report})"));
                    }
                    else if (headBefore + 1 >= (completeFrom ??= CompleteFrom(batch, deviceEventKey)))
                    {
                        chainStatus = EventChainStatus.AfterUnexplainedGap;
                        anomalies.Add(new ChainAnomaly(AnomalyKind.UnexplainedGap, deviceId, [sequence], $"records after {headBefore} and before {sequence} are gone from the device (its batch is complete from {completeFrom}) and no records-dropped event explains it"));
                    }
                    else
                    {
                        return Result(deviceId, batch.BatchId, head, heldThrough, heldMac, heldEpoch, accepted, decoded, duplicates, anomalies) with { StoppedAtGap = true };
                    }

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

                    continue;
                case ChainVerdict.Forged:
                case ChainVerdict.WrongDevice:
                    anomalies.Add(new ChainAnomaly(AnomalyKind.Forged, deviceId, [sequence], $"the MAC of sequence {sequence} does not verify under the key of its epoch {entry.Record.KeyEpoch}; it and the rest of batch {batch.BatchId} were not stored"));
                    return Result(deviceId, batch.BatchId, head, heldThrough, heldMac, heldEpoch, accepted, decoded, duplicates, anomalies);
                case ChainVerdict.UnknownEpoch:
                    anomalies.Add(new ChainAnomaly(AnomalyKind.Forged, deviceId, [sequence], $"sequence {sequence} names key epoch {entry.Record.KeyEpoch}, for which the fleet PKI holds no key of this device; it and the rest of batch {batch.BatchId} were not stored"));
                    return Result(deviceId, batch.BatchId, head, heldThrough, heldMac, heldEpoch, accepted, decoded, duplicates, anomalies);
                default:
                    throw new InvalidOperationException($"Unknown chain verdict {verdict}.");
            }

            accepted.Add(EventRecordMapper.ToStored(entry, receivedAt) with { ChainStatus = chainStatus });
            decoded.Add(entry.Record);
            (heldThrough, heldMac, heldEpoch) = (sequence, entry.Mac, entry.Record.KeyEpoch);
        }

        return Result(deviceId, batch.BatchId, head, heldThrough, heldMac, heldEpoch, accepted, decoded, duplicates, anomalies);
    }

    private static VerifiedBatch Result(
        string deviceId, uint batchId, ChainHead? head, long heldThrough, byte[]? heldMac, ushort heldEpoch, List<SecurityEventRecord> accepted, List<EventRecord> decoded, int duplicates, List<ChainAnomaly> anomalies)
    {
        var newHead = heldThrough > (head?.Sequence ?? 0) ? new ChainHead(deviceId, heldThrough, heldMac!, heldEpoch) : null;
        return new VerifiedBatch(deviceId, batchId, accepted, newHead, heldThrough, duplicates, anomalies) { NewRecords = decoded };
    }

    private async Task<bool> IsStoredCopyAsync(EventBatchEntry entry, CancellationToken cancellationToken)
    {
        var stored = await store.GetEventAsync(entry.Record.DeviceId, entry.Record.Sequence, cancellationToken).ConfigureAwait(false);
        return stored is not null && stored.RawRecord.AsSpan().SequenceEqual(entry.RecordBytes) && stored.Mac.AsSpan().SequenceEqual(entry.Mac);
    }

    // Drop reports anywhere in this batch (authentic ones: the report may come after the gap it explains,
    // because eviction happens first and the report is recorded right after) and the device's most recent
    // stored ones.
    private async Task<List<(long First, long Last, long Report)>> DropRangesAsync(string deviceId, EventBatch batch, IEventKeyRing keys, CancellationToken cancellationToken)
    {
        var page = await store.QueryEventsAsync(new EventQuery(DeviceId: deviceId, Type: EventTypes.RecordsDropped, Limit: DropReportsConsulted), cancellationToken).ConfigureAwait(false);
        var ranges = new List<(long, long, long)>();
        foreach (var entry in batch.Entries.Where(e => e.Record.EventType == EventTypes.RecordsDropped && IsAuthentic(e, keys)))
        {
            Add(ranges, entry.Record, entry.Record.Sequence);
        }

        foreach (var stored in page.Items)
        {
            Add(ranges, EventRecordCodec.Decode(stored.RawRecord), stored.Sequence);
        }

        return ranges;

        static void Add(List<(long, long, long)> ranges, EventRecord report, long sequence)
        {
            if (EventRecordMapper.DroppedRange(report) is { } range)
            {
                ranges.Add((range.First, range.Last, sequence));
            }
        }
    }

    // Where the device's authentic completeness statement starts; long.MaxValue (covers nothing) without one.
    private static long CompleteFrom(EventBatch batch, byte[] deviceEventKey) =>
        BatchCompleteness.Verifies(IngestMac.Instance, deviceEventKey, batch) ? batch.Completeness.CoveredFrom : long.MaxValue;

    private static bool IsAuthentic(EventBatchEntry entry, IEventKeyRing keys) =>
        keys.KeyFor(entry.Record.KeyEpoch) is { } key
        && ConstantTime.AreEqual(EventChain.ComputeMac(IngestMac.Instance, key, entry.PreviousMac, entry.RecordBytes), entry.Mac);
}
