using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage;

/// <summary>Alert triage (status, assignee, notes) with its audit log, written in the same transaction as the change.</summary>
public interface IAlertTriageStore
{
    /// <summary>Applies <paramref name="action"/> and appends it to the alert's audit log atomically.</summary>
    Task<TriageOutcome> TriageAsync(long alertId, TriageAction action, CancellationToken cancellationToken);

    /// <summary>The alert's audit log, oldest first.</summary>
    Task<IReadOnlyList<AlertAuditEntry>> GetAlertAuditAsync(long alertId, CancellationToken cancellationToken);

    Task<AlertRecord?> GetAlertAsync(long alertId, CancellationToken cancellationToken);
}
