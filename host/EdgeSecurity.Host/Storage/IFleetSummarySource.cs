using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage;

/// <summary>Fleet counts for the console's overview: one aggregate query, whatever the fleet's size.</summary>
public interface IFleetSummarySource
{
    /// <summary>Devices by health, running version and hardware class; a device not seen since <paramref name="silentBeforeMs"/> is silent.</summary>
    Task<FleetSummary> SummarizeFleetAsync(long silentBeforeMs, CancellationToken cancellationToken);
}
