using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Commands.Simulate;

/// <summary>
/// 'simulate run --until-campaign ID': asks the host API whether an OTA campaign has settled, so a run that
/// serves a roll-out ends when the roll-out has, not after a guessed duration. Settled means the
/// campaign no longer offers (completed, paused or aborted) and none of its devices is between an offer and
/// a final state (a paused campaign lets the devices already working finish).
/// </summary>
internal sealed class CampaignSettledWatch(HostApiClient api, long campaignId) : IDisposable
{
    private static readonly string[] FinalOrUntouched = ["pending", "confirmed", "failed", "rolled-back"];

    public long CampaignId => campaignId;

    /// <summary>The campaign's status when it has settled, otherwise null (the host's refusal surfaces as a CLI error).</summary>
    public string? SettledStatus()
    {
        var campaign = api.Get($"/api/v1/ota/campaigns/{campaignId}");
        var status = campaign.GetProperty("status").GetString() ?? string.Empty;
        if (status == "running")
        {
            return null;
        }

        var devices = api.Get($"/api/v1/ota/campaigns/{campaignId}/devices");
        return devices.EnumerateArray().All(d => FinalOrUntouched.Contains(d.GetProperty("state").GetString(), StringComparer.Ordinal)) ? status : null;
    }

    public void Dispose() => api.Dispose();
}
