using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage;

/// <summary>
/// Durable storage of devices, security events, chain heads and alerts. SQLite is the embedded default,
/// PostgreSQL the choice at scale; both implementations pass the same test suite.
/// </summary>
public interface ITelemetryStore : IAsyncDisposable
{
    /// <summary>Name of the backing database ("sqlite", "postgresql").</summary>
    string Provider { get; }

    /// <summary>True when several transactions may write at once (PostgreSQL); SQLite has a single writer.</summary>
    bool SupportsConcurrentWriters { get; }

    /// <summary>Creates or upgrades the schema; safe to call on every start.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Stores a batch in one transaction. An event already stored (same device and sequence) is
    /// counted as a duplicate and left unchanged.</summary>
    Task<IngestCommitResult> CommitAsync(IngestBatch batch, CancellationToken cancellationToken);

    Task<ChainHead?> GetChainHeadAsync(string deviceId, CancellationToken cancellationToken);

    /// <summary>The stored event with this sequence, if any (used to tell a replay from an alteration).</summary>
    Task<SecurityEventRecord?> GetEventAsync(string deviceId, long sequence, CancellationToken cancellationToken);

    Task<Page<SecurityEventRecord>> QueryEventsAsync(EventQuery query, CancellationToken cancellationToken);

    Task UpsertDeviceAsync(DeviceRecord device, CancellationToken cancellationToken);

    Task<DeviceRecord?> GetDeviceAsync(string deviceId, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeviceRecord>> ListDevicesAsync(CancellationToken cancellationToken);

    /// <summary>Records that a device was heard from (and, for heartbeats, that it is alive).</summary>
    Task TouchDeviceAsync(string deviceId, long seenAtMs, bool heartbeat, CancellationToken cancellationToken);

    Task<long> InsertAlertAsync(AlertRecord alert, CancellationToken cancellationToken);

    /// <summary>The newest open alert of a rule for a device, so a rule can add to it instead of raising another.</summary>
    Task<AlertRecord?> FindOpenAlertAsync(string deviceId, string rule, CancellationToken cancellationToken);

    Task AddAlertEventsAsync(long alertId, IReadOnlyList<long> eventSequences, long updatedAtMs, CancellationToken cancellationToken);

    Task<bool> SetAlertStatusAsync(long alertId, AlertStatus status, long updatedAtMs, CancellationToken cancellationToken);

    Task<Page<AlertRecord>> QueryAlertsAsync(AlertQuery query, CancellationToken cancellationToken);

    /// <summary>Counts a payload that could not be ingested (malformed, unknown device, bad chain…).</summary>
    Task RecordRejectionAsync(string? deviceId, string reason, int payloadBytes, long atMs, CancellationToken cancellationToken);

    Task<long> CountRejectionsAsync(string? reason, CancellationToken cancellationToken);

    /// <summary>Throws a <see cref="System.Data.Common.DbException"/> when the database cannot be reached; reads no table, so it costs the same at any size (health checks).</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
