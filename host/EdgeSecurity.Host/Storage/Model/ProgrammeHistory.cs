namespace EdgeSecurity.Host.Storage.Model;

/// <summary>
/// What the store knows that programme metrics are computed from, for one time window [FromMs, ToMs)
/// (docs/metrics.md). Loaded in a fixed number of queries, whatever the fleet size.
/// </summary>
/// <param name="Devices">Every device record (enrolled and revoked: the calculator decides who was in the fleet).</param>
/// <param name="Boots">Successful boot verifications received before ToMs, oldest first (the versions devices ran).</param>
/// <param name="ReportingDeviceIds">Devices the host stored at least one event from within the window.</param>
/// <param name="DroppedEvents">Records the devices reported dropping from their journals within the window.</param>
/// <param name="RejectedMessages">Messages the host rejected within the window.</param>
/// <param name="Releases">Each uploaded bundle with the start of its first campaign (null: never offered).</param>
/// <param name="FinishedUpdates">Campaign devices that reached a final state within the window.</param>
/// <param name="Alerts">Alerts raised within the window.</param>
/// <param name="StatusChanges">Triage status changes of those alerts made before ToMs, oldest first.</param>
public sealed record ProgrammeHistory(
    long FromMs,
    long ToMs,
    IReadOnlyList<DeviceRecord> Devices,
    IReadOnlyList<BootReport> Boots,
    IReadOnlySet<string> ReportingDeviceIds,
    long DroppedEvents,
    long RejectedMessages,
    IReadOnlyList<BundleRelease> Releases,
    IReadOnlyList<FinishedUpdate> FinishedUpdates,
    IReadOnlyList<RaisedAlert> Alerts,
    IReadOnlyList<AlertStatusChange> StatusChanges,
    IReadOnlyList<AdvisoryRecord> Advisories);

/// <summary>A device reported that it verified and booted <paramref name="Version"/> (device sequence, host receive time).</summary>
public sealed record BootReport(string DeviceId, long Sequence, long ReceivedAtMs, string Version);

/// <summary>An uploaded bundle and when it was released to the fleet: the creation of its first campaign.</summary>
public sealed record BundleRelease(string BundleId, string HardwareClass, string Version, long UploadedAtMs, long? FirstCampaignAtMs);

/// <summary>One device's final state in one campaign, reached at <paramref name="AtMs"/>.</summary>
public sealed record FinishedUpdate(long CampaignId, string DeviceId, int State, long AtMs);

public sealed record RaisedAlert(long Id, string Rule, AlertStatus Status, long CreatedAtMs);

/// <summary>A triage status change from the alert audit log (<paramref name="NewValue"/> is the status name).</summary>
public sealed record AlertStatusChange(long AlertId, long AtMs, string Actor, string NewValue);
