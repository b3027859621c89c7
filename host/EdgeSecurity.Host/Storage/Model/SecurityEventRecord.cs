namespace EdgeSecurity.Host.Storage.Model;

/// <summary>
/// One device security event as stored: the decoded header for queries, the decoded fields as JSON for
/// display, and the exact record bytes and chain MAC so the chain can be re-verified from storage later.
/// </summary>
public sealed record SecurityEventRecord(
    string DeviceId,
    long Sequence,
    long BootCounter,
    long DeviceTimeMs,
    bool DeviceTimeTrusted,
    long UptimeMs,
    int Type,
    string TypeName,
    int Severity,
    string FieldsJson,
    byte[] RawRecord,
    byte[] Mac,
    long ReceivedAtMs)
{
    /// <summary>Storage-assigned ingest order (0 until stored); the cursor of event pages.</summary>
    public long Id { get; init; }
}
