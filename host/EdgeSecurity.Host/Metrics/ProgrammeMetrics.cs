namespace EdgeSecurity.Host.Metrics;

/// <summary>The programme metrics of one window (docs/metrics.md; the shape is the API contract in docs/api.md).
/// A number that cannot be computed from the data is null, never 0.</summary>
public sealed record ProgrammeMetrics(
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset GeneratedAt,
    FleetHealth Fleet,
    VulnerableFleet Vulnerable,
    IReadOnlyList<FixAdoption> Adoption,
    UpdateOutcomes Updates,
    IReadOnlyList<IncidentCount> Incidents,
    AlertResponse AlertResponse);

/// <param name="Devices">Devices enrolled and not revoked at the end of the window.</param>
/// <param name="Reporting">Of those, devices the host stored an event from within the window.</param>
/// <param name="DroppedEvents">Records the devices reported dropping from their journals within the window.</param>
/// <param name="RejectedMessages">Messages the host refused within the window (an addition to the contract).</param>
public sealed record FleetHealth(int Devices, int Reporting, int Silent, long DroppedEvents, long RejectedMessages);

public sealed record VulnerableFleet(int Devices, IReadOnlyList<AdvisoryExposure> Advisories);

public sealed record AdvisoryExposure(
    string Id, string Title, string Severity, string HardwareClass, IReadOnlyList<string> AffectedVersions, string FixedIn, int Devices);

public sealed record FixAdoption(
    string BundleId, string Version, string HardwareClass, DateTimeOffset ReleasedAt, int Devices, int Adopted, double? HoursTo50Percent, double? HoursTo90Percent);

public sealed record UpdateOutcomes(int Attempts, int Confirmed, int Failed, int RolledBack, double? FailureRate, double? RollbackRate);

public sealed record IncidentCount(string Class, int Count);

public sealed record AlertResponse(
    int Acknowledged,
    int Resolved,
    double? MedianMinutesToAcknowledge,
    double? P90MinutesToAcknowledge,
    double? MedianMinutesToResolve,
    double? P90MinutesToResolve);
