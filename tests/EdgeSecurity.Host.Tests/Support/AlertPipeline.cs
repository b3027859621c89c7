using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSecurity.Host.Tests.Support;

/// <summary>
/// What the host's ingest does with one event message, without MQTT and the ack: the real batch decoder,
/// chain verifier, store commit (events, head, device touch) and then the alert engine, in that order.
/// </summary>
internal sealed class AlertPipeline(ITelemetryStore store, TimeProvider time, ILogger<AlertEngine>? logger = null)
{
    private readonly BatchVerifier _verifier = new(store, new ChainHeadCache(), time);

    public AlertEngine Engine { get; } = new(AlertRuleSet.Defaults(), store, new BurstTracker(), time, logger ?? NullLogger<AlertEngine>.Instance);

    public async Task<VerifiedBatch> DeliverAsync(string deviceId, byte[] payload, byte[] eventKey) =>
        await StoreAndAlertAsync(await VerifyAsync(deviceId, payload, eventKey));

    /// <summary>The first step alone, so that a test can let another host instance act before this one stores the batch.</summary>
    public Task<VerifiedBatch> VerifyAsync(string deviceId, byte[] payload, byte[] eventKey) =>
        _verifier.VerifyAsync(deviceId, EventBatchCodec.Decode(payload), eventKey, CancellationToken.None);

    /// <summary>The steps after verification: the commit, then the alert engine.</summary>
    public async Task<VerifiedBatch> StoreAndAlertAsync(VerifiedBatch verified)
    {
        var touch = new DeviceTouch(verified.DeviceId, time.GetUtcNow().ToUnixTimeMilliseconds(), verified.NewEvents.Any(e => e.Type == EventTypes.Heartbeat));
        verified = verified with { Touch = touch };
        await store.CommitAsync(new IngestBatch(verified.NewEvents, verified.NewHead is null ? [] : [verified.NewHead], [touch]), CancellationToken.None);
        await Engine.OnIngestedAsync(verified, CancellationToken.None);
        return verified;
    }
}
