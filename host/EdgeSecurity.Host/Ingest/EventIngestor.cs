using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Devices;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Ingest;

/// <summary>
/// Handles one event message end to end: who sent it (topic), may it (registry), is it well formed and
/// authentic (core codec and chain verifier), store it (writer), alert, and only then ack it with a
/// MAC (core ack codec). Returning normally lets the MQTT client PUBACK; throwing means the broker redelivers,
/// which is harmless because re-ingesting a stored batch changes nothing.
/// </summary>
public sealed partial class EventIngestor(
    DeviceDirectory devices,
    DeviceKeyCache keys,
    BatchVerifier verifier,
    GapRecheck gapRecheck,
    IngestWriter writer,
    ChainHeadCache heads,
    AlertEngine alerts,
    ITelemetryStore store,
    IAckPublisher acks,
    TimeProvider time,
    IOptions<EdgeSecurityHostOptions> options,
    IngestMetrics metrics,
    RejectionRecorder rejections,
    ILogger<EventIngestor> logger)
{
    private long _batchesStored;

    /// <summary>Messages whose events were stored (or were all duplicates) and acked.</summary>
    public long BatchesAcked => Interlocked.Read(ref _batchesStored);

    public async Task HandleAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!DeviceTopics.TryGetDeviceId(topic, DeviceTopics.Events, out var deviceId))
        {
            await RejectAsync(null, RejectionReasons.NotAnEventTopic, payload.Length, cancellationToken).ConfigureAwait(false);
            return;
        }

        switch (devices.Find(deviceId))
        {
            case null:
                await RejectAsync(deviceId, RejectionReasons.UnknownDevice, payload.Length, cancellationToken).ConfigureAwait(false);
                return;
            case DeviceStatus.Revoked:
                await RejectAsync(deviceId, RejectionReasons.RevokedDevice, payload.Length, cancellationToken).ConfigureAwait(false);
                return;
        }

        var key = keys.Find(deviceId);
        if (key is null)
        {
            await RejectAsync(deviceId, RejectionReasons.NoEventKey, payload.Length, cancellationToken).ConfigureAwait(false);
            return;
        }

        EventBatch batch;
        var stage = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            batch = EventBatchCodec.Decode(payload.ToArray());
        }
        catch (EventFormatException e) when (e.EventReason == EventFormatError.MixedDevices)
        {
            await RejectImpersonationAsync(deviceId, "a batch mixing records of several devices", payload.Length, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (EventFormatException e)
        {
            await RejectAsync(deviceId, RejectionReasons.Malformed(e.EventReason), payload.Length, cancellationToken).ConfigureAwait(false);
            return;
        }

        var claimed = batch.Entries.Select(e => e.Record.DeviceId).FirstOrDefault(id => id != deviceId);
        if (claimed is not null)
        {
            await RejectImpersonationAsync(deviceId, $"records naming device '{claimed}'", payload.Length, cancellationToken).ConfigureAwait(false);
            return;
        }

        stage = metrics.Record(IngestMetrics.Decode, stage);
        var ring = keys.RingFor(deviceId);
        var verified = await verifier.VerifyAsync(deviceId, batch, key, ring, cancellationToken).ConfigureAwait(false);
        // Another host instance is usually committing the missing batch right now: give it a moment (decision 215).
        verified = await gapRecheck.AwaitHoleAsync(batch, key, ring, verified, cancellationToken).ConfigureAwait(false);
        // A record of a newer epoch made the cache read the key store again: acks use the device's current key.
        key = keys.Find(deviceId) ?? key;
        verified = verified with
        {
            Touch = new DeviceTouch(deviceId, time.GetUtcNow().ToUnixTimeMilliseconds(), verified.NewEvents.Any(e => e.Type == EventTypes.Heartbeat)),
        };
        stage = metrics.Record(IngestMetrics.Verify, stage);
        var commit = writer.TryEnqueue(verified);
        if (commit is null)
        {
            await SendBusyAsync(verified, key, cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await commit.ConfigureAwait(false);
        }
        catch
        {
            // Whether anything of the group became durable is unknown: the next batch reads the stored head.
            heads.Forget(deviceId);
            throw;
        }

        if (verified.NewHead is not null)
        {
            heads.Committed(verified.NewHead);
        }

        stage = metrics.Record(IngestMetrics.WaitForCommit, stage);

        if (verified.Anomalies.Any(a => a.Kind == AnomalyKind.Forged))
        {
            await RejectAsync(deviceId, RejectionReasons.ForgedRecord, payload.Length, cancellationToken).ConfigureAwait(false);
        }

        await alerts.OnIngestedAsync(verified, cancellationToken).ConfigureAwait(false);
        stage = metrics.Record(IngestMetrics.Alerts, stage);

        if (verified.StoppedAtGap)
        {
            LogGap(deviceId, verified.BatchId, verified.AckedThrough);
            metrics.RecordGapAck();
        }

        // Last: once the device has the ack it deletes the records, so everything about them is done first.
        var status = verified.StoppedAtGap ? AckStatus.Gap : AckStatus.Stored;
        await acks.PublishAckAsync(deviceId, EventAckCodec.Encode(IngestMac.Instance, key, new EventAck(status, verified.BatchId, verified.AckedThrough, 0)), cancellationToken).ConfigureAwait(false);
        metrics.Record(IngestMetrics.Ack, stage);
        Interlocked.Increment(ref _batchesStored);
    }

    // The store is behind: nothing new is stored, the device keeps its records and resends after the delay.
    private async Task SendBusyAsync(VerifiedBatch verified, byte[] key, CancellationToken cancellationToken)
    {
        var head = await store.GetChainHeadAsync(verified.DeviceId, cancellationToken).ConfigureAwait(false);
        var retryAfter = (uint)Math.Max(0, options.Value.Ingest.BusyRetryAfterMs);
        LogBusy(verified.DeviceId, retryAfter);
        await acks.PublishAckAsync(
            verified.DeviceId,
            EventAckCodec.Encode(IngestMac.Instance, key, new EventAck(AckStatus.Busy, verified.BatchId, head?.Sequence ?? 0, retryAfter)),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task RejectImpersonationAsync(string deviceId, string what, int bytes, CancellationToken cancellationToken)
    {
        await RejectAsync(deviceId, RejectionReasons.Impersonation, bytes, cancellationToken).ConfigureAwait(false);
        await alerts.OnAnomalyAsync(new ChainAnomaly(AnomalyKind.Impersonation, deviceId, [], $"device '{deviceId}' published {what}"), cancellationToken).ConfigureAwait(false);
    }

    private Task RejectAsync(string? deviceId, string reason, int bytes, CancellationToken cancellationToken) =>
        rejections.RecordAsync(deviceId, reason, bytes, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId} of device {DeviceId} continues after a hole in its chain: asked it to resend after sequence {AckedThrough}")]
    private partial void LogGap(string deviceId, uint batchId, long ackedThrough);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store is behind: device {DeviceId} told to retry after {RetryAfterMs} ms")]
    private partial void LogBusy(string deviceId, uint retryAfterMs);
}
