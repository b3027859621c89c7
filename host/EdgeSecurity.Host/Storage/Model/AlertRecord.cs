namespace EdgeSecurity.Host.Storage.Model;

/// <summary>Where an alert is in triage (docs/alerts.md). The numbers are stored and shown as <c>statusCode</c>;
/// 2 was "closed" before triage states and is migrated to <see cref="Resolved"/>.</summary>
public enum AlertStatus
{
    /// <summary>Raised; nobody has looked at it.</summary>
    New = 0,

    /// <summary>An analyst is on it.</summary>
    Acknowledged = 1,

    /// <summary>Dealt with: by an analyst, or by the host when the condition ended or was explained (device
    /// heard again, gap covered by a drop report; the detail says why). The host never changes it again.</summary>
    Resolved = 3,

    /// <summary>An analyst found it was not an incident. The host never changes it again.</summary>
    FalsePositive = 4,
}

/// <summary>A raised alert and the events that caused it (device id + sequence numbers).</summary>
public sealed record AlertRecord(
    string Rule,
    string DeviceId,
    int Severity,
    string Title,
    string Detail,
    AlertStatus Status,
    long CreatedAtMs,
    long UpdatedAtMs,
    IReadOnlyList<long> EventSequences)
{
    public long Id { get; init; }

    /// <summary>Who is handling it (a name the analysts agree on, e.g. a token name); null when nobody is.</summary>
    public string? Assignee { get; init; }
}
