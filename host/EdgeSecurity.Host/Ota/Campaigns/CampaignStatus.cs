namespace EdgeSecurity.Host.Ota.Campaigns;

/// <summary>Where a campaign is. Only a running campaign offers anything; aborted and completed are final.</summary>
public enum CampaignStatus
{
    Running = 0,

    /// <summary>By an operator, by the failure threshold, or because a wave ended without a confirmed device.</summary>
    Paused = 1,

    Aborted = 2,

    /// <summary>Every wave ended with at least one confirmed device.</summary>
    Completed = 3,
}
