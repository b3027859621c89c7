namespace EdgeSecurity.Host.Storage.Model;

public enum AlertStatus
{
    Open = 0,
    Acknowledged = 1,

    /// <summary>Closed by an analyst; the host never changes it again.</summary>
    Closed = 2,

    /// <summary>Set by the host when the condition ended or was explained (device heard again, gap covered
    /// by a drop report); the detail says why.</summary>
    Resolved = 3,
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
}
