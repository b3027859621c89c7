namespace EdgeSecurity.Host.Storage.Model;

public enum AlertStatus
{
    Open = 0,
    Acknowledged = 1,
    Closed = 2,
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
