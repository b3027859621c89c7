namespace EdgeSecurity.Host.Storage.Model;

/// <summary>
/// A security event of the host itself (failed API authentication, rate limiting, token changes). Kept apart
/// from device events, which are MAC-chained records a device signed; these are the host's own observations.
/// </summary>
public sealed record HostEventRecord(
    long AtMs,
    string Type,
    int Severity,
    string? SourceAddress,
    string? Actor,
    string Detail)
{
    /// <summary>Storage-assigned order (0 until stored); the cursor of host event pages.</summary>
    public long Id { get; init; }
}

/// <summary>Filter for host event reads; pages go from newest to oldest.</summary>
public sealed record HostEventQuery(string? Type = null, long? FromMs = null, long? ToMs = null, string? Cursor = null, int Limit = 100);
