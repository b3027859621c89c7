using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage;

/// <summary>The host's own security events (docs/api.md "Host events").</summary>
public interface IHostEventStore
{
    Task<long> RecordHostEventAsync(HostEventRecord hostEvent, CancellationToken cancellationToken);

    Task<Page<HostEventRecord>> QueryHostEventsAsync(HostEventQuery query, CancellationToken cancellationToken);
}
