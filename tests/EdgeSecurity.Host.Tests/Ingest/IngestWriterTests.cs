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

    [Theory]
    [Trait("Requirement", "SR-EVT-HOST-010")]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(-1, -1)]
    public async Task A_queue_or_commit_size_below_one_is_refused_with_the_setting_named_and_one_is_accepted(int queueCapacity, int messagesPerCommit)
    {
        var dir = Directory.CreateTempSubdirectory("es-writer-").FullName;
        await using var store = TelemetryStoreFactory.Sqlite(Path.Combine(dir, "w.db"));
        var options = new EdgeSecurityHostOptions();
        options.Ingest.QueueCapacity = queueCapacity;
        options.Ingest.MaxMessagesPerCommit = messagesPerCommit;

        var refused = Assert.Throws<ArgumentException>(() => new IngestWriter(store, Options.Create(options), new IngestMetrics(), NullLogger<IngestWriter>.Instance));

        Assert.Contains("Ingest:QueueCapacity and Ingest:MaxMessagesPerCommit must be at least 1", refused.Message, StringComparison.Ordinal);
        options.Ingest.QueueCapacity = 1;
        options.Ingest.MaxMessagesPerCommit = 1;
        using var writer = new IngestWriter(store, Options.Create(options), new IngestMetrics(), NullLogger<IngestWriter>.Instance);
        Assert.NotNull(writer.TryEnqueue(new VerifiedBatch("d", 1, [], null, 0, 0, [])));
        Assert.Throws<ArgumentNullException>(() => new IngestWriter(store, null!, new IngestMetrics(), NullLogger<IngestWriter>.Instance));
        await store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }
}
