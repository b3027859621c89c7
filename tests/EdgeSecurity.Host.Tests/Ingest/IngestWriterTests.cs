using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Tests.Ingest;

public sealed class IngestWriterTests
{
    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-010")]
    public async Task A_full_queue_refuses_more_work_so_the_device_gets_a_busy_ack()
    {
        var dir = Path.Combine(Path.GetTempPath(), "es-writer-" + Guid.NewGuid().ToString("N")[..12]);
        var options = new EdgeSecurityHostOptions();
        options.Ingest.QueueCapacity = 2;
        await using (var store = TelemetryStoreFactory.Sqlite(Path.Combine(dir, "w.db")))
        {
            using var writer = new IngestWriter(store, Options.Create(options), new IngestMetrics(), NullLogger<IngestWriter>.Instance);
            VerifiedBatch Batch(uint id) => new("d", id, [], new EdgeSecurity.Host.Storage.Model.ChainHead("d", id, new byte[32]), id, 0, []);

            // The writer is not running (the store is "stuck"): two fit, the third is refused.
            Assert.NotNull(writer.TryEnqueue(Batch(1)));
            Assert.NotNull(writer.TryEnqueue(Batch(2)));
            Assert.Null(writer.TryEnqueue(Batch(3)));
        }

        Directory.Delete(dir, recursive: true);
    }
}
