namespace EdgeSecurity.Host.Ota.Campaigns;

/// <summary>One targeted device's place and progress in a campaign.</summary>
public sealed record CampaignDevice(
    string DeviceId,
    string? HardwareClass,
    int Wave,
    DeviceOtaState State,
    string? Reason,
    long ChunksPresent,
    long ChunksTotal,
    int Offers,
    long? LastOfferAtMs,
    long UpdatedAtMs);
