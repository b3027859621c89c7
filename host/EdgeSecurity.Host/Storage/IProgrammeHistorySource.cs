using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage;

/// <summary>Reads the fleet history programme metrics are computed from (Metrics/ProgrammeMetricsCalculator).</summary>
public interface IProgrammeHistorySource
{
    Task<ProgrammeHistory> LoadProgrammeHistoryAsync(long fromMs, long toMs, CancellationToken cancellationToken);
}
