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
    /// <summary>How the record joined the device's chain when it was stored; null for records stored before the host recorded it.</summary>
    public EventChainStatus? ChainStatus { get; init; } = EventChainStatus.Linked;

    /// <summary>Storage-assigned ingest order (0 until stored); the cursor of event pages.</summary>
    public long Id { get; init; }
}

/// <summary>How a stored record joined its device's MAC chain (decided by the chain verifier at ingest).</summary>
public enum EventChainStatus
{
    /// <summary>Its MAC links it to the record stored before it.</summary>
    Linked = 0,

    /// <summary>It follows a hole the device's records-dropped report explains (journal eviction).</summary>
    AfterExplainedGap = 1,

    /// <summary>It follows a hole no report explains (records lost or deleted; a chain-gap alert was raised).</summary>
    AfterUnexplainedGap = 2,
}
