using System.Text.Json.Nodes;

namespace EdgeSecurity.Host.Export;

/// <summary>Appends OCSF NDJSON lines to a file and flushes them to the disk before reporting delivery.</summary>
public sealed class FileExportSink(string path) : IExportSink
{
    public async Task DeliverAsync(IReadOnlyList<JsonObject> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true);
        foreach (var ocsf in batch)
        {
            await file.WriteAsync(OcsfExport.Line(ocsf), cancellationToken).ConfigureAwait(false);
        }

        await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        file.Flush(flushToDisk: true);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
