namespace EdgeSecurity.Host.Ota.Campaigns;

/// <summary>What a campaign delivers; the numbers are the offer's kind byte (docs/formats/ota.md).</summary>
public enum CampaignKind
{
    /// <summary>A signed application bundle (subject: the bundle id, SHA-256 hex of the container).</summary>
    Bundle = 1,

    /// <summary>A signed trust root (subject: the root version).</summary>
    TrustRoot = 2,
}
