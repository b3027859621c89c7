namespace EdgeSecurity.Host.Storage.Model;

/// <summary>
/// A device's security posture as its own reports and the host's campaign records say (docs/api.md, "Device posture").
/// Every part is null or "unknown" when nothing was reported.
/// </summary>
/// <param name="BundleId">The stored bundle of the device's hardware class with the running version (the lowest id if several); null when none was uploaded here.</param>
/// <param name="BundleVersion">Version of the newest successful boot verification.</param>
/// <param name="SecurityCounter">Security counter that boot reported.</param>
/// <param name="LastBoot">The newest boot verification, successful or not.</param>
/// <param name="Integrity">ok, violated or unknown: the newest integrity check's result.</param>
/// <param name="Containment">contained after a containment-entered event not followed by containment-left, else none.</param>
/// <param name="Campaign">The newest campaign that targeted the device and its state there.</param>
public sealed record DevicePosture(
    string? BundleId,
    string? BundleVersion,
    long? SecurityCounter,
    BootOutcome? LastBoot,
    string Integrity,
    string Containment,
    long? LastSeenAtMs,
    CampaignMembership? Campaign);

/// <summary><paramref name="Result"/> is "ok" or "failed"; <paramref name="AtMs"/> is when the host received the report.</summary>
public sealed record BootOutcome(string Result, string? Reason, long AtMs);

public sealed record CampaignMembership(long Id, string State);
