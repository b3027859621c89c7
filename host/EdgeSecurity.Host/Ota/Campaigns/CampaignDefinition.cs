namespace EdgeSecurity.Host.Ota.Campaigns;

/// <summary>What an operator decided when creating a campaign; never changes afterwards.</summary>
/// <param name="Id">Campaign id (1 .. 2^32-1: it travels in every offer, request and report).</param>
/// <param name="Subject">The bundle id (SHA-256 hex of the container) or the trust-root version.</param>
/// <param name="Target">Human-readable description of what was targeted (ids, tags, class).</param>
/// <param name="FailureThreshold">Failed or rolled-back devices (since the last resume) that pause the campaign.</param>
/// <param name="Window">Daily UTC window for offers; null: any time.</param>
public sealed record CampaignDefinition(
    long Id,
    CampaignKind Kind,
    string Subject,
    string Target,
    int FailureThreshold,
    MaintenanceWindow? Window,
    string CreatedBy,
    long CreatedAtMs);
