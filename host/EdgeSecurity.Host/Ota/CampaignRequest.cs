namespace EdgeSecurity.Host.Ota;

/// <summary>
/// Body of POST /api/v1/ota/campaigns. Exactly one of <see cref="BundleId"/> and <see cref="RootVersion"/>.
/// Targets: the listed devices and the devices with any of the tags (all active devices when neither is
/// given), restricted to the hardware class (a bundle's own class; for a root, optional).
/// </summary>
public sealed record CampaignRequest(
    string? BundleId,
    int? RootVersion,
    IReadOnlyList<string>? DeviceIds,
    IReadOnlyList<string>? Tags,
    string? HardwareClass,
    IReadOnlyList<string>? Waves,
    int? FailureThreshold,
    string? Window);
