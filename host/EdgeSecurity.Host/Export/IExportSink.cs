using System.Text.Json.Nodes;

namespace EdgeSecurity.Host.Export;

/// <summary>Where a forwarder delivers: returns only once the sink holds the batch (else throws), because the
/// forwarder's cursor moves past a batch only after delivery; a batch may so be delivered twice, never lost.</summary>
public interface IExportSink : IAsyncDisposable
{
    Task DeliverAsync(IReadOnlyList<JsonObject> batch, CancellationToken cancellationToken);
}
