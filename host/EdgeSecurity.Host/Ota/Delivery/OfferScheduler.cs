using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Devices;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Ota.Campaigns;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Ota.Delivery;

/// <summary>
/// Every <c>Ota:OfferInterval</c>: frees the download slots of stalled devices, reloads the running and paused
/// campaigns, and sends offers the campaign state machine allows: to pending devices of opened waves while a
/// download slot is free (trust roots need no slot), and again (new sequence) to devices that are working on
/// it but were silent for <c>Ota:ReofferAfter</c>, or for <c>Ota:StallTimeout</c> and lost their slot, so a
/// device that reconnects or stalled resumes. The offers of one campaign are recorded in one save before they are published.
/// </summary>
public sealed partial class OfferScheduler(
    ITelemetryStore store,
    ActiveCampaigns active,
    DownloadSlots slots,
    BundleChunkSource bundles,
    DeviceDirectory devices,
    DeviceKeyCache keys,
    IOtaPublisher publisher,
    TimeProvider time,
    IOptions<EdgeSecurityHostOptions> options,
    ILogger<OfferScheduler> logger) : BackgroundService
{
    private readonly OtaOptions _ota = options.Value.Ota;

    /// <summary>One pass (the loop's body; tests call it directly).</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        slots.ReleaseStalled(now);
        var loaded = new Dictionary<long, Campaign>();
        foreach (var id in await store.Ota.ListActiveCampaignIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await store.Ota.GetCampaignAsync(id, cancellationToken).ConfigureAwait(false) is { } campaign)
            {
                loaded[id] = campaign;
            }
        }

        active.Replace(loaded);
        foreach (var campaign in loaded.Values.Where(c => c.Status == CampaignStatus.Running))
        {
            await OfferAsync(campaign, now, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_ota.OfferInterval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed pass must not stop delivery: the next one starts from the store again, and offers are
                // recorded before they are published, so nothing is lost (at worst a device is offered again).
                LogPassFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task OfferAsync(Campaign campaign, long now, CancellationToken cancellationToken)
    {
        var needsSlot = campaign.Definition.Kind == CampaignKind.Bundle;
        var chosen = new List<string>();
        foreach (var device in campaign.Offerable(now))
        {
            if (devices.Find(device.DeviceId) != DeviceStatus.Active || !Due(device, now, needsSlot))
            {
                continue;
            }

            if (needsSlot && !slots.TryAcquire(device.DeviceId, now))
            {
                continue;
            }

            if (campaign.RecordOffer(device.DeviceId, now).Applied)
            {
                chosen.Add(device.DeviceId);
            }
        }

        if (chosen.Count == 0)
        {
            return;
        }

        if (!await store.Ota.SaveCampaignAsync(campaign, null, cancellationToken).ConfigureAwait(false))
        {
            // Another host instance changed the campaign: offer on the next pass from the fresh copy.
            return;
        }

        var payload = await PayloadAsync(campaign, cancellationToken).ConfigureAwait(false);
        foreach (var deviceId in chosen)
        {
            if (keys.Find(deviceId) is not { } key)
            {
                LogNoKey(deviceId);
                continue;
            }

            var sequence = await store.Ota.NextOfferSequenceAsync(deviceId, now, cancellationToken).ConfigureAwait(false);
            var offer = new OtaOffer((OtaOfferKind)campaign.Definition.Kind, campaign.Definition.Id, sequence, now / 1000, payload);
            await publisher.PublishAsync(deviceId, DeviceTopics.OtaOffer, OtaOfferCodec.Encode(IngestMac.Instance, key, deviceId, offer), cancellationToken).ConfigureAwait(false);
            LogOffered(campaign.Definition.Id, deviceId, sequence);
        }
    }

    // Pending devices are offered at once; devices working on it again when silent for ReofferAfter (or when
    // they lost their download slot after a stall); devices past the download (verified, installed, trial) only
    // report. Silence is judged by the stored campaign (the last offer or report, whichever instance handled it)
    // and this instance's slot activity. A slot is this instance's only: another instance that just offered the
    // device holds it, and offering again at once would send two offers from two publishers that may reach
    // the device in either order, the earlier sequence then refused as a replay (decision 206).
    private bool Due(CampaignDevice device, long now, bool needsSlot)
    {
        switch (device.State)
        {
            case DeviceOtaState.Pending:
                return true;
            case DeviceOtaState.Offered or DeviceOtaState.Downloading:
                var lastHeard = Math.Max(device.UpdatedAtMs, Math.Max(device.LastOfferAtMs ?? 0, slots.LastActivity(device.DeviceId) ?? 0));
                var silentMs = now - lastHeard;
                return silentMs >= _ota.ReofferAfter.TotalMilliseconds || (needsSlot && !slots.Holds(device.DeviceId) && silentMs >= _ota.StallTimeout.TotalMilliseconds);
            default:
                return false;
        }
    }

    private async Task<byte[]> PayloadAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var subject = campaign.Definition.Subject;
        if (campaign.Definition.Kind == CampaignKind.TrustRoot)
        {
            return await store.Ota.GetTrustRootContentAsync(int.Parse(subject, System.Globalization.CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Campaign {campaign.Definition.Id} names trust root v{subject}, which is not stored.");
        }

        var bundle = await bundles.OpenAsync(subject, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Campaign {campaign.Definition.Id} names bundle {subject}, which is not stored.");
        return bundle.SignedManifest.ToBytes();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Offered campaign {CampaignId} to {DeviceId} (sequence {Sequence})")]
    private partial void LogOffered(long campaignId, string deviceId, long sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {DeviceId} has no event key in the PKI: it cannot be sent a MAC'd offer")]
    private partial void LogNoKey(string deviceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An OTA offer pass failed; the next one starts again from the store")]
    private partial void LogPassFailed(Exception exception);
}
