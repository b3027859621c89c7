using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Upload;

namespace EdgeSecurity.Bench.Ingest;

/// <summary>One pre-encoded batch message and the last sequence it carries (what the ack must reach).</summary>
internal sealed record BenchBatch(uint BatchId, byte[] Payload, long LastSequence, int Records)
{
    /// <summary>The same records under another batch id: the header field is not covered by the records' MACs
    /// (docs/formats/events.md §5), so a resend or a later raw round can be told apart from the original.</summary>
    public BenchBatch WithBatchId(uint batchId)
    {
        var payload = (byte[])Payload.Clone();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(2), batchId);
        return this with { BatchId = batchId, Payload = payload };
    }
}

/// <summary>
/// A device's whole upload, built before the timed phase with the core's record codec, chain MAC and batch
/// codec, so generating it costs the measurement nothing: valid, MAC-chained records from the zero genesis.
/// Mostly heartbeats (telemetry) with a successful integrity check every eighth record.
/// </summary>
internal static class DeviceWorkload
{
    public static IReadOnlyList<BenchBatch> Build(string deviceId, byte[] eventKey, IMacPrimitive mac, int events, int recordsPerBatch)
    {
        var batches = new List<BenchBatch>();
        var entries = new JournalEntry[recordsPerBatch];
        var previous = EventChain.Genesis();
        var startMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var count = 0;
        for (long sequence = 1; sequence <= events; sequence++)
        {
            var content = sequence % 8 == 0
                ? SecurityEvents.IntegrityCheck(0, "ok", "app", 0)
                : SecurityEvents.Heartbeat(120_000, sequence * 100, (int)(sequence % 500), 40_000, 65_536, 0, 0, count);
            var record = new EventRecord
            {
                DeviceId = deviceId,
                BootCounter = 1,
                Sequence = sequence,
                DeviceTimeUnixMs = startMs + sequence,
                DeviceTimeTrusted = true,
                UptimeMs = sequence * 100,
                EventType = content.Type,
                Severity = content.Severity,
                Priority = content.Priority,
                Fields = content.Fields,
            };
            var bytes = EventRecordCodec.Encode(record);
            var chained = EventChain.ComputeMac(mac, eventKey, previous, bytes);
            entries[count++] = new JournalEntry(sequence, bytes, chained, previous);
            previous = chained;
            if (count == recordsPerBatch || sequence == events)
            {
                var id = (uint)batches.Count + 1;
                batches.Add(new BenchBatch(id, EventBatchCodec.Encode(id, entries, count), sequence, count));
                count = 0;
            }
        }

        return batches;
    }
}
