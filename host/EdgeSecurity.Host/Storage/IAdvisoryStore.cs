using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage;

/// <summary>Security advisories, each recorded together with its entry in the operators' append-only audit log.</summary>
public interface IAdvisoryStore
{
    /// <summary>Stores the advisory and its audit entry in one transaction; false (nothing written) when an
    /// advisory with the same id exists.</summary>
    Task<bool> AddAdvisoryAsync(AdvisoryRecord advisory, OtaAuditEntry audit, CancellationToken cancellationToken);

    /// <summary>All advisories, ordered by id.</summary>
    Task<IReadOnlyList<AdvisoryRecord>> ListAdvisoriesAsync(CancellationToken cancellationToken);
}
