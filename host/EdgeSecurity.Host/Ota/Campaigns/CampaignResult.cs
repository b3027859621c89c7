namespace EdgeSecurity.Host.Ota.Campaigns;

/// <summary>Outcome of one step of the campaign state machine: applied, or refused with the reason (state unchanged).</summary>
public sealed record CampaignResult(bool Applied, string Message)
{
    public static CampaignResult Done(string message) => new(true, message);

    public static CampaignResult Refused(string message) => new(false, message);
}
