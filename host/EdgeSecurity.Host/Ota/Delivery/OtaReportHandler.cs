using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Host.Devices;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Ota.Campaigns;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Ota.Delivery;

/// <summary>
/// Handles what devices publish on ota/report: reports (MAC'd with the device key: verified before anything
/// is parsed, then applied to the device's campaign state) and chunk requests (answered from the stored
/// bundle, only for a device that is downloading in a running or paused campaign and holds a download slot).
/// Anything else is counted as a rejection with its reason and changes nothing.
/// </summary>
public sealed partial class OtaReportHandler(
    DeviceDirectory devices,
    DeviceKeyCache keys,
    CampaignService campaigns,
    ActiveCampaigns active,
    BundleChunkSource bundles,
    DownloadSlots slots,
    IOtaPublisher publisher,
    ITelemetryStore store,
    RejectionRecorder rejections,
    TimeProvider time,
    ILogger<OtaReportHandler> logger)
{
    public const string BadMac = "ota-bad-mac";
    public const string Malformed = "ota-malformed";
    public const string NotInCampaign = "ota-not-in-campaign";
    public const string WrongSubject = "ota-wrong-subject";
    public const string NoSuchChunk = "ota-no-such-chunk";

    private long _replayRefusals;

    /// <summary>Verified replay refusals from devices of a campaign, left without effect on it (diagnostics and tests).</summary>
    public long ReplayRefusals => Interlocked.Read(ref _replayRefusals);

    public async Task HandleAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!DeviceTopics.TryGetDeviceId(topic, DeviceTopics.OtaReport, out var deviceId))
        {
            await RejectAsync(null, Malformed, payload.Length, cancellationToken).ConfigureAwait(false);
            return;
        }

        var status = devices.Find(deviceId);
        if (status != DeviceStatus.Active || keys.Find(deviceId) is not { } key)
        {
            var reason = status switch
            {
                null => RejectionReasons.UnknownDevice,
                DeviceStatus.Revoked => RejectionReasons.RevokedDevice,
                _ => RejectionReasons.NoEventKey,
            };
            await RejectAsync(deviceId, reason, payload.Length, cancellationToken).ConfigureAwait(false);
            return;
        }

        var bytes = payload.ToArray();
        try
        {
            switch (OtaMessages.Classify(bytes))
            {
                case OtaMessageType.ChunkRequest:
                    await ServeAsync(deviceId, OtaChunkRequestCodec.Decode(bytes), cancellationToken).ConfigureAwait(false);
                    return;
                case OtaMessageType.Report:
                    await ApplyAsync(deviceId, OtaReportCodec.Decode(IngestMac.Instance, key, deviceId, bytes), cancellationToken).ConfigureAwait(false);
                    return;
                default:
                    await RejectAsync(deviceId, Malformed, bytes.Length, cancellationToken).ConfigureAwait(false);
                    return;
            }
        }
        catch (OtaAuthenticationException)
        {
            LogBadMac(deviceId);
            await RejectAsync(deviceId, BadMac, bytes.Length, cancellationToken).ConfigureAwait(false);
        }
        catch (MalformedDataException e)
        {
            LogMalformed(deviceId, e.Message);
            await RejectAsync(deviceId, Malformed, bytes.Length, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ApplyAsync(string deviceId, OtaReport report, CancellationToken cancellationToken)
    {
        if (await store.Ota.GetCampaignAsync(report.CampaignId, cancellationToken).ConfigureAwait(false) is not { } campaign || campaign.Device(deviceId) is null)
        {
            await RejectAsync(deviceId, NotInCampaign, 0, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (OtaStageMapping.IsReplayRefusal(report.Stage, report.Reason))
        {
            // A stale offer refused, not a failed update: the campaign state and the failure threshold stay as
            // they are, and so does the device's download slot (decision 205).
            LogReplayRefusal(deviceId, report.CampaignId, campaign.NoteReplayRefusal(deviceId).Message);
            Interlocked.Increment(ref _replayRefusals);
            return;
        }

        var kind = campaign.Definition.Kind;
        if (OtaStageMapping.StateOf(report.Stage, kind) is not { } state || !await IsAboutSubjectAsync(campaign, report, state, cancellationToken).ConfigureAwait(false))
        {
            LogWrongSubject(deviceId, report.Stage, report.CampaignId);
            await RejectAsync(deviceId, WrongSubject, 0, cancellationToken).ConfigureAwait(false);
            return;
        }

        var result = await campaigns.ApplyReportAsync(report.CampaignId, deviceId, state, OtaStageMapping.ReasonText(report.Reason, report.Text), report.ChunksPresent, report.ChunksTotal, cancellationToken).ConfigureAwait(false);
        LogReport(deviceId, report.Stage, report.CampaignId, result.Message);
        if (state is DeviceOtaState.Downloading)
        {
            slots.Touch(deviceId, time.GetUtcNow().ToUnixTimeMilliseconds());
        }
        else
        {
            slots.Release(deviceId);
        }
    }

    // A report counts for a campaign only when it is about the campaign's bundle (manifest bundle id) or root
    // (version): a device confirming some other bundle has not adopted this one.
    private async Task<bool> IsAboutSubjectAsync(Campaign campaign, OtaReport report, DeviceOtaState state, CancellationToken cancellationToken)
    {
        if (campaign.Definition.Kind == CampaignKind.TrustRoot)
        {
            return state != DeviceOtaState.Confirmed || report.SecurityCounter.ToString(System.Globalization.CultureInfo.InvariantCulture) == campaign.Definition.Subject;
        }

        var reported = report.GetBundleId();
        var unnamed = reported.All(b => b == 0);
        if (unnamed)
        {
            return state.IsFailure() || state == DeviceOtaState.Downloading;
        }

        var bundle = await bundles.OpenAsync(campaign.Definition.Subject, cancellationToken).ConfigureAwait(false);
        return bundle is not null && bundle.Manifest.BundleId.AsSpan().SequenceEqual(reported);
    }

    private async Task ServeAsync(string deviceId, OtaChunkRequest request, CancellationToken cancellationToken)
    {
        var campaign = active.Find(request.CampaignId);
        var device = campaign?.Device(deviceId);
        if (campaign is null || device is null || campaign.Definition.Kind != CampaignKind.Bundle || campaign.Status is not (CampaignStatus.Running or CampaignStatus.Paused) || device.State.IsFinal())
        {
            await RejectAsync(deviceId, NotInCampaign, 0, cancellationToken).ConfigureAwait(false);
            return;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (!slots.TryAcquire(deviceId, now))
        {
            // Every slot is busy: the device times out, asks again, and is offered again when one frees up.
            LogNoSlot(deviceId);
            return;
        }

        slots.Touch(deviceId, now);
        var bundle = await bundles.OpenAsync(campaign.Definition.Subject, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Campaign {campaign.Definition.Id} names bundle {campaign.Definition.Subject}, which is not stored.");
        for (var i = 0; i < request.Count; i++)
        {
            var id = request.GetChunk(i);
            if (BundleChunkSource.Chunk(bundle, id.ComponentIndex, id.ChunkIndex) is not { } data)
            {
                await RejectAsync(deviceId, NoSuchChunk, 0, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var chunk = OtaChunkCodec.Encode(new OtaChunk(request.CampaignId, id.ComponentIndex, id.ChunkIndex, data));
            await publisher.PublishAsync(deviceId, DeviceTopics.OtaChunk, chunk, cancellationToken).ConfigureAwait(false);
        }
    }

    // Through the ingest's recorder, so a flood of bad OTA messages is aggregated and alerted on like bad batches.
    private Task RejectAsync(string? deviceId, string reason, int bytes, CancellationToken cancellationToken) =>
        rejections.RecordAsync(deviceId, reason, bytes, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OTA report from {DeviceId} refused: its MAC does not verify with the device's key")]
    private partial void LogBadMac(string deviceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OTA message from {DeviceId} is malformed: {Reason}")]
    private partial void LogMalformed(string deviceId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OTA report {Stage} from {DeviceId} for campaign {CampaignId} is not about the campaign's bundle or root; ignored")]
    private partial void LogWrongSubject(string deviceId, OtaStage stage, long campaignId);

    [LoggerMessage(Level = LogLevel.Information, Message = "OTA report {Stage} from {DeviceId} for campaign {CampaignId}: {Result}")]
    private partial void LogReport(string deviceId, OtaStage stage, long campaignId, string result);

    [LoggerMessage(Level = LogLevel.Information, Message = "OTA report Refused (replayed offer) from {DeviceId} for campaign {CampaignId}: {Result}")]
    private partial void LogReplayRefusal(string deviceId, long campaignId, string result);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No download slot free for {DeviceId}; its chunk request waits for a retry")]
    private partial void LogNoSlot(string deviceId);
}
