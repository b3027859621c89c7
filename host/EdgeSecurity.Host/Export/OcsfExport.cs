using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeSecurity.Host.Storage;

namespace EdgeSecurity.Host.Export;

/// <summary>
/// Reads records after a cursor page by page (oldest first) and maps them to OCSF: the one loop behind the NDJSON
/// export (API, CLI) and the forwarders. Memory is bounded by one page, whatever the range.
/// </summary>
public static class OcsfExport
{
    public const int PageSize = 1000;

    /// <summary>The next page of <paramref name="source"/> after <paramref name="afterId"/> as (id, OCSF object) pairs; empty at the end.</summary>
    public static async Task<IReadOnlyList<(long Id, JsonObject Ocsf)>> PageAsync(
        IExportSource store, string source, long afterId, long? fromMs, long? toMs, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return source switch
        {
            ExportSources.Events => [.. (await store.EventsAfterAsync(afterId, fromMs, toMs, limit, cancellationToken).ConfigureAwait(false)).Select(e => (e.Id, OcsfMapper.FromEvent(e)))],
            ExportSources.Alerts => [.. (await store.AlertsAfterAsync(afterId, fromMs, toMs, limit, cancellationToken).ConfigureAwait(false)).Select(a => (a.Id, OcsfMapper.FromAlert(a)))],
            ExportSources.HostEvents => [.. (await store.HostEventsAfterAsync(afterId, fromMs, toMs, limit, cancellationToken).ConfigureAwait(false)).Select(h => (h.Id, OcsfMapper.FromHostEvent(h)))],
            _ => throw new ArgumentException($"Unknown export source '{source}': use {string.Join(", ", ExportSources.All)}.", nameof(source)),
        };
    }

    /// <summary>Writes every record of <paramref name="sources"/> in [from, to) as NDJSON, source by source, flushing after each page; returns the count.</summary>
    public static async Task<long> WriteNdjsonAsync(
        IExportSource store, Stream output, IReadOnlyList<string> sources, long? fromMs, long? toMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(sources);
        long written = 0;
        foreach (var source in sources)
        {
            long cursor = 0;
            while (true)
            {
                var page = await PageAsync(store, source, cursor, fromMs, toMs, PageSize, cancellationToken).ConfigureAwait(false);
                if (page.Count == 0)
                {
                    break;
                }

                foreach (var (id, ocsf) in page)
                {
                    await output.WriteAsync(Line(ocsf), cancellationToken).ConfigureAwait(false);
                    cursor = id;
                    written++;
                }

                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return written;
    }

    /// <summary>One NDJSON line (compact JSON and '\n').</summary>
    public static byte[] Line(JsonObject ocsf)
    {
        ArgumentNullException.ThrowIfNull(ocsf);
        return Encoding.UTF8.GetBytes(ocsf.ToJsonString(JsonOptions) + "\n");
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };
}
