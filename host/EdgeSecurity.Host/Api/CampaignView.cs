using EdgeSecurity.Host.Ota.Campaigns;

namespace EdgeSecurity.Host.Api;

/// <summary>A campaign as the API shows it: status, waves and adoption per wave and per hardware class.</summary>
public sealed record CampaignView(
    long Id,
    string Kind,
    string Subject,
    string Target,
    string Status,
    string? StatusReason,
    int CurrentWave,
    int WaveCount,
    int FailureThreshold,
    int Failures,
    string? Window,
    string CreatedBy,
    long CreatedAtMs,
    CampaignCounts Counts,
    IReadOnlyList<WaveView> Waves,
    IReadOnlyDictionary<string, CampaignCounts> HardwareClasses)
{
    public static CampaignView Of(Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var d = campaign.Definition;
        return new CampaignView(
            d.Id,
            d.Kind == CampaignKind.Bundle ? "bundle" : "trust-root",
            d.Subject,
            d.Target,
            campaign.Status.ToString().ToLowerInvariant(),
            campaign.StatusReason,
            campaign.CurrentWave + 1,
            campaign.WaveCount,
            d.FailureThreshold,
            campaign.Failures,
            d.Window?.ToString(),
            d.CreatedBy,
            d.CreatedAtMs,
            campaign.Counts(),
            [.. Enumerable.Range(0, campaign.WaveCount).Select(w => new WaveView(w + 1, w <= campaign.CurrentWave, campaign.WaveCounts(w)))],
            campaign.ClassCounts());
    }
}

/// <summary>One wave (numbered from 1): whether it has been opened, and its devices' states.</summary>
public sealed record WaveView(int Wave, bool Opened, CampaignCounts Counts);

/// <summary>One targeted device's progress (GET /api/v1/ota/campaigns/{id}/devices).</summary>
public sealed record CampaignDeviceView(string DeviceId, string? HardwareClass, int Wave, string State, string? Reason, long ChunksPresent, long ChunksTotal, int Offers, long? LastOfferAtMs, long UpdatedAtMs)
{
    public static CampaignDeviceView Of(CampaignDevice d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.DeviceId, d.HardwareClass, d.Wave + 1, d.State.Name(), d.Reason, d.ChunksPresent, d.ChunksTotal, d.Offers, d.LastOfferAtMs, d.UpdatedAtMs);
    }
}
