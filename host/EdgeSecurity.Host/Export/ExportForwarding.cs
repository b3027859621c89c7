using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Storage;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Export;

/// <summary>
/// Forwards new records continuously to each configured sink (docs/host.md "Forwarders"), at least once: a
/// batch is read after the forwarder's persisted cursor, delivered, and only then is the cursor moved. A
/// crash or a failing sink between the two means the batch is delivered again, never skipped; after a
/// restart forwarding resumes from the stored cursor.
/// </summary>
public sealed class ExportForwarding(
    ITelemetryStore store, IOptions<EdgeSecurityHostOptions> options, ExportSinkFactory sinks, ILogger<ExportForwarding> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(options.Value.Export.Forwarders.Select(f => RunAsync(f, stoppingToken)));

    private async Task RunAsync(ForwarderOptions forwarder, CancellationToken stoppingToken)
    {
        await using var sink = sinks.Create(forwarder);
        while (!stoppingToken.IsCancellationRequested)
        {
            var delivered = 0;
            try
            {
                foreach (var source in forwarder.Sources.Count == 0 ? ExportSources.All : [.. forwarder.Sources])
                {
                    delivered += await ForwardOnceAsync(forwarder, sink, source, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Not swallowed: logged, and the same batch is tried again after the interval.
                log.LogWarning(e, "Forwarder {Forwarder} could not deliver; retrying in {Interval}", forwarder.Name, forwarder.PollInterval);
                delivered = 0;
            }

            if (delivered == 0)
            {
                try
                {
                    await Task.Delay(forwarder.PollInterval, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Delivers one batch of <paramref name="source"/> and moves the cursor; returns how many records it delivered.</summary>
    internal async Task<int> ForwardOnceAsync(ForwarderOptions forwarder, IExportSink sink, string source, CancellationToken cancellationToken)
    {
        var cursor = await store.GetExportCursorAsync(forwarder.Name, source, cancellationToken).ConfigureAwait(false);
        var page = await OcsfExport.PageAsync(store, source, cursor, null, null, forwarder.BatchSize, cancellationToken).ConfigureAwait(false);
        if (page.Count == 0)
        {
            return 0;
        }

        await sink.DeliverAsync([.. page.Select(p => p.Ocsf)], cancellationToken).ConfigureAwait(false);
        await store.SetExportCursorAsync(forwarder.Name, source, page[^1].Id, cancellationToken).ConfigureAwait(false);
        return page.Count;
    }
}

/// <summary>Makes the sink a forwarder's options describe.</summary>
public class ExportSinkFactory
{
    public virtual IExportSink Create(ForwarderOptions forwarder)
    {
        ArgumentNullException.ThrowIfNull(forwarder);
        return forwarder.Kind switch
        {
            ForwarderKind.File => new FileExportSink(forwarder.Path!),
            ForwarderKind.Syslog => new SyslogExportSink(forwarder),
            ForwarderKind.Http => new HttpExportSink(new Uri(forwarder.Url!), forwarder.BearerTokenEnv is null ? null : Environment.GetEnvironmentVariable(forwarder.BearerTokenEnv), forwarder.Timeout),
            _ => throw new HostConfigurationException($"Forwarder '{forwarder.Name}': unknown kind {forwarder.Kind}."),
        };
    }
}
