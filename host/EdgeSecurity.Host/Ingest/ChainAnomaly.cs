namespace EdgeSecurity.Host.Ingest;

/// <summary>What ingest found wrong (or notable) about a device's chain; alert rules of kind "anomaly" match on it.</summary>
public enum AnomalyKind
{
    /// <summary>A record's MAC does not verify: altered, reordered, or a record removed inside a batch.</summary>
    Forged = 0,

    /// <summary>A chain break that no "records dropped" event explains: loss or deletion.</summary>
    UnexplainedGap = 1,

    /// <summary>A chain break the device's "records dropped" event explains (journal eviction).</summary>
    ExplainedGap = 2,

    /// <summary>A sequence the host already holds, with different bytes: replay of another record, or a wiped device.</summary>
    Conflict = 3,

    /// <summary>A batch on one device's topic holding records of another device.</summary>
    Impersonation = 4,
}

/// <summary>One anomaly with the sequence numbers it concerns (linked to the alert it raises).</summary>
public sealed record ChainAnomaly(AnomalyKind Kind, string DeviceId, IReadOnlyList<long> Sequences, string Detail);
