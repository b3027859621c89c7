using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage;

/// <summary>
/// Durable storage of devices, security events, chain heads and alerts. SQLite is the embedded default,
/// PostgreSQL the choice at scale; both implementations pass the same test suite.
/// </summary>
public interface ITelemetryStore : IApiTokenStore, IHostEventStore, IAlertTriageStore, IExportSource, IAdvisoryStore, IProgrammeHistorySource, IDevicePostureSource, IFleetSummarySource, IAsyncDisposable
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

    /// <summary>The device's highest stored sequence below <paramref name="sequence"/>, 0 when there is none (where a chain hole starts).</summary>
    Task<long> GetPrecedingSequenceAsync(string deviceId, long sequence, CancellationToken cancellationToken);

    Task<Page<SecurityEventRecord>> QueryEventsAsync(EventQuery query, CancellationToken cancellationToken);

    Task UpsertDeviceAsync(DeviceRecord device, CancellationToken cancellationToken);

    Task<DeviceRecord?> GetDeviceAsync(string deviceId, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeviceRecord>> ListDevicesAsync(CancellationToken cancellationToken);

    /// <summary>One page of the devices in id order; <see cref="Page{T}.NextCursor"/> is the last id of the page when more follow.</summary>
    Task<Page<DeviceRecord>> QueryDevicesAsync(DeviceQuery query, CancellationToken cancellationToken);

    /// <summary>Records that a device was heard from (and, for heartbeats, that it is alive).</summary>
    Task TouchDeviceAsync(string deviceId, long seenAtMs, bool heartbeat, CancellationToken cancellationToken);

    /// <summary>Sets the device's firmware version from the boot event with device sequence <paramref name="eventSequence"/>,
    /// unless the stored version came from a newer boot event; returns whether it changed anything.</summary>
    Task<bool> SetFirmwareVersionAsync(string deviceId, string version, long eventSequence, CancellationToken cancellationToken);

    Task<long> InsertAlertAsync(AlertRecord alert, CancellationToken cancellationToken);

    /// <summary>
    /// Raises <paramref name="alert"/> unless an alert of its rule and device already holds <paramref name="key"/> (a new
    /// one for <see cref="AlertKeyScope.WhileNew"/>, any for <see cref="AlertKeyScope.Forever"/>), atomically: of host
    /// instances raising the same key at once, one inserts and the others find its alert. A new alert found with the key
    /// is extended (the events linked, <c>updated_at</c> set); a forever key's alert is left as it is.
    /// </summary>
    Task<AlertRaising> RaiseAlertAsync(AlertRecord alert, AlertKey key, CancellationToken cancellationToken);

    /// <summary>The newest open alert of a rule for a device, so a rule can add to it instead of raising another.</summary>
    Task<AlertRecord?> FindOpenAlertAsync(string deviceId, string rule, CancellationToken cancellationToken);

    Task AddAlertEventsAsync(long alertId, IReadOnlyList<long> eventSequences, long updatedAtMs, CancellationToken cancellationToken);

    Task<bool> SetAlertStatusAsync(long alertId, AlertStatus status, long updatedAtMs, CancellationToken cancellationToken);

    /// <summary>The device's alerts of a rule that are open or acknowledged (not yet closed or resolved), newest first.</summary>
    Task<IReadOnlyList<AlertRecord>> FindActiveAlertsAsync(string deviceId, string rule, CancellationToken cancellationToken);

    /// <summary>Marks an open or acknowledged alert <see cref="AlertStatus.Resolved"/> and appends <paramref name="note"/>
    /// to its detail; false when it is gone or no longer active (an analyst closed it meanwhile).</summary>
    Task<bool> ResolveAlertAsync(long alertId, string note, long updatedAtMs, CancellationToken cancellationToken);

    /// <summary>Appends <paramref name="note"/> to the alert's detail, whatever its status, without changing the status.</summary>
    Task AnnotateAlertAsync(long alertId, string note, long updatedAtMs, CancellationToken cancellationToken);

    /// <summary>Remembers the chain hole an alert reports as unexplained, so a later drop report can explain it.</summary>
    Task RecordAlertGapAsync(AlertGap gap, CancellationToken cancellationToken);

    /// <summary>The not yet explained holes of the device's open or acknowledged alerts.</summary>
    Task<IReadOnlyList<AlertGap>> FindUnexplainedGapsAsync(string deviceId, CancellationToken cancellationToken);

    /// <summary>In one transaction: marks the hole explained by the drop report with device sequence
    /// <paramref name="reportSequence"/>, links the report to the alert, appends <paramref name="note"/> to the detail,
    /// and resolves the alert once none of its holes is unexplained. Returns whether it resolved the alert.</summary>
    Task<bool> ExplainAlertGapAsync(AlertGap gap, long reportSequence, string note, long updatedAtMs, CancellationToken cancellationToken);

    Task<Page<AlertRecord>> QueryAlertsAsync(AlertQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Counts <paramref name="messages"/> payloads of one device that could not be ingested for one reason
    /// (malformed, unknown device, bad chain…), first at <paramref name="atMs"/>, <paramref name="payloadBytes"/> in all.
    /// </summary>
    Task RecordRejectionAsync(string? deviceId, string reason, long payloadBytes, long atMs, int messages, CancellationToken cancellationToken);

    /// <summary>Rejected messages (not rows) in all, or for one reason.</summary>
    Task<long> CountRejectionsAsync(string? reason, CancellationToken cancellationToken);

    /// <summary>The OTA tables of the same database (bundles, campaigns, audit); one schema, one migration path.</summary>
    IOtaStore Ota { get; }

    /// <summary>Posture attestation: challenges and attested postures (docs/attestation.md).</summary>
    IAttestationStore Attestation { get; }

    /// <summary>Throws a <see cref="System.Data.Common.DbException"/> when the database cannot be reached; reads no table, so it costs the same at any size (health checks).</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
