using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage;

/// <summary>What exports and forwarders read: records in storage order after an id (oldest first, one page at a
/// time, so memory stays bounded at any database size), and the forwarders' persisted cursors.</summary>
public interface IExportSource
{
    Task<IReadOnlyList<SecurityEventRecord>> EventsAfterAsync(long afterId, long? fromMs, long? toMs, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<AlertRecord>> AlertsAfterAsync(long afterId, long? fromMs, long? toMs, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<HostEventRecord>> HostEventsAfterAsync(long afterId, long? fromMs, long? toMs, int limit, CancellationToken cancellationToken);

    /// <summary>The last id of <paramref name="source"/> that <paramref name="forwarder"/> delivered (0 when none).</summary>
    Task<long> GetExportCursorAsync(string forwarder, string source, CancellationToken cancellationToken);

    Task SetExportCursorAsync(string forwarder, string source, long lastId, CancellationToken cancellationToken);
}
