using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Tests.Ingest;

/// <summary>
/// The ingest writer run as the host runs it (StartAsync/StopAsync), in process and without a broker: what its commit
/// loop does with the handlers waiting on it. The happy path commits to a real SQLite store; the failure, stop and
/// writer-count cases hold the real store's commits (<see cref="HeldCommitStore"/>) to choose when and how they end.
/// Batches come from different devices, as the topic lanes guarantee for the messages of one group.
/// </summary>
public sealed class IngestWriterCommitLoopTests : IAsyncLifetime
{
    private const long SeenAtMs = 1_790_000_000_000;
    private static readonly TimeSpan LongWait = TimeSpan.FromSeconds(30);
    private readonly TemporarySqliteStore _database = new("es-writer-loop-");
    private readonly IngestMetrics _metrics = new();
    private readonly CapturedLog _log = new(typeof(IngestWriter).FullName!);
    private readonly ILoggerFactory _loggers;

    public IngestWriterCommitLoopTests() => _loggers = LoggerFactory.Create(logging => logging.AddProvider(_log));

    private ITelemetryStore Store => _database.Store;

    public async Task InitializeAsync()
    {
        await _database.MigrateAsync();
        for (var device = 1; device <= 8; device++)
        {
            await Store.UpsertDeviceAsync(new DeviceRecord(DeviceId(device), DeviceStatus.Active, "esp32", 1, null, null, null, null), CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        _loggers.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-010")]
    public async Task Queued_batches_are_committed_in_groups_of_at_most_the_commit_size_and_each_handler_gets_its_group_s_result()
    {
        using var writer = Writer(Store, messagesPerCommit: 3);
        // Device i's batch holds its records 1..i: the groups (1, 2, 3), (4, 5, 6) and (7) store 6, 15 and 7 records.
        var handlers = Enumerable.Range(1, 7).Select(device => writer.TryEnqueue(Batch(device, device))!).ToList();

        await writer.StartAsync(CancellationToken.None);
        var results = await Task.WhenAll(handlers).WaitAsync(LongWait);

        Assert.Equal([6, 6, 6, 15, 15, 15, 7], results.Select(r => r.Stored));
        Assert.All(results, r => Assert.Equal(0, r.Duplicates));
        var metrics = _metrics.Snapshot();
        Assert.Equal((3, 7, 28), (metrics["commits"], metrics["committedMessages"], metrics["committedEvents"]));
        for (var device = 1; device <= 7; device++)
        {
            var events = await Store.QueryEventsAsync(new EventQuery(DeviceId: DeviceId(device), Limit: 100), CancellationToken.None);
            Assert.Equal(Enumerable.Range(1, device).Select(s => (long)s), events.Items.Select(e => e.Sequence).Order());
            var head = await Store.GetChainHeadAsync(DeviceId(device), CancellationToken.None);
            Assert.Equal(device, head!.Sequence);
            Assert.Equal(Mac(device), head.Mac);
            var stored = await Store.GetDeviceAsync(DeviceId(device), CancellationToken.None);
            Assert.Equal(SeenAtMs + device, stored!.LastSeenAtMs);
            Assert.Equal(device % 2 == 1 ? SeenAtMs + device : null, stored.LastHeartbeatAtMs);
        }

        // The loop goes on waiting for work: a redelivered batch is committed again and its records counted as duplicates.
        var again = await writer.TryEnqueue(Batch(2, 2))!.WaitAsync(LongWait);
        Assert.Equal((0, 2), (again.Stored, again.Duplicates));
        Assert.Equal(4, _metrics.Snapshot()["commits"]);
        Assert.True(_metrics.Snapshot()["commitMs"] > 0, "the commits' time is counted for the ingest benchmark");
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-010")]
    public async Task A_failed_commit_fails_every_handler_of_its_group_with_the_store_s_error_stores_nothing_of_it_and_the_next_group_goes_in()
    {
        var (store, commits) = HeldCommitStore.Wrap(Store, concurrentWriters: false);
        using var writer = Writer(store, messagesPerCommit: 2);
        var handlers = Enumerable.Range(1, 3).Select(device => writer.TryEnqueue(Batch(device, 1))!).ToList();
        await writer.StartAsync(CancellationToken.None);

        var failing = await commits.NextCommitAsync(LongWait);
        Assert.Equal([DeviceId(1), DeviceId(2)], failing.Batch.Events.Select(e => e.DeviceId));
        var diskFull = new IOException("disk full");
        failing.Fail(diskFull);

        // Neither handler acks (its message is redelivered): each sees the store's own error.
        Assert.Same(diskFull, await Assert.ThrowsAsync<IOException>(() => handlers[0].WaitAsync(LongWait)));
        Assert.Same(diskFull, await Assert.ThrowsAsync<IOException>(() => handlers[1].WaitAsync(LongWait)));
        (await commits.NextCommitAsync(LongWait)).Release();
        Assert.Equal(1, (await handlers[2].WaitAsync(LongWait)).Stored);

        Assert.Empty((await Store.QueryEventsAsync(new EventQuery(DeviceId: DeviceId(1), Limit: 10), CancellationToken.None)).Items);
        Assert.Null(await Store.GetChainHeadAsync(DeviceId(2), CancellationToken.None));
        Assert.Equal(1, (await Store.GetChainHeadAsync(DeviceId(3), CancellationToken.None))!.Sequence);
        Assert.Equal((1, 1), (_metrics.Snapshot()["commits"], _metrics.Snapshot()["committedMessages"]));
        // The operator's view of the failure: the handlers' errors go back to the broker client, not to the log.
        Assert.Contains("Storing 2 event batches failed; they will be redelivered", _log.Text, StringComparison.Ordinal);
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-010")]
    public async Task Stopping_cancels_the_commit_under_way_and_every_batch_still_queued_and_refuses_later_ones()
    {
        var (store, commits) = HeldCommitStore.Wrap(Store, concurrentWriters: false);
        using var writer = Writer(store, messagesPerCommit: 1);
        var handlers = Enumerable.Range(1, 3).Select(device => writer.TryEnqueue(Batch(device, 1))!).ToList();
        await writer.StartAsync(CancellationToken.None);
        var underWay = await commits.NextCommitAsync(LongWait);
        Assert.Equal(DeviceId(1), Assert.Single(underWay.Batch.Events).DeviceId);

        await writer.StopAsync(CancellationToken.None).WaitAsync(LongWait);

        // No handler is left waiting for ever, and none acks: the broker redelivers all three to the next host.
        foreach (var handler in handlers)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handler.WaitAsync(LongWait));
            Assert.True(handler.IsCanceled);
        }

        Assert.Null(writer.TryEnqueue(Batch(4, 1)));
        Assert.Single(commits.Seen);
        for (var device = 1; device <= 3; device++)
        {
            Assert.Null(await Store.GetChainHeadAsync(DeviceId(device), CancellationToken.None));
        }
    }

    [Theory]
    [Trait("Requirement", "SR-EVT-HOST-010")]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    public async Task A_single_writer_store_gets_one_commit_at_a_time_and_a_concurrent_writer_store_two(bool concurrentWriters, int atOnce)
    {
        var (store, commits) = HeldCommitStore.Wrap(Store, concurrentWriters);
        using var writer = Writer(store, messagesPerCommit: 1);
        var handlers = Enumerable.Range(1, 3).Select(device => writer.TryEnqueue(Batch(device, 1))!).ToList();
        await writer.StartAsync(CancellationToken.None);

        var held = new List<HeldCommit> { await commits.NextCommitAsync(LongWait) };
        if (atOnce == 2)
        {
            held.Add(await commits.NextCommitAsync(LongWait));
        }

        // While the held commits wait for their flush, no further one starts.
        Assert.Null(await commits.CommitWithinAsync(TimeSpan.FromMilliseconds(300)));
        commits.PassAll();
        held.ForEach(h => h.Release());
        Assert.All(await Task.WhenAll(handlers).WaitAsync(LongWait), r => Assert.Equal(1, r.Stored));
        Assert.Equal(atOnce, commits.MostInFlight);

        // A batch that arrives while every loop is idle wakes them all; only the one that takes it commits.
        await Task.Delay(200);
        Assert.Equal(1, (await writer.TryEnqueue(Batch(4, 1))!.WaitAsync(LongWait)).Stored);
        await writer.StopAsync(CancellationToken.None);
        Assert.Equal(4, commits.Seen.Count);
        Assert.All(commits.Seen, batch => Assert.Single(batch.Events));
        Assert.Equal((4, 4), (_metrics.Snapshot()["commits"], _metrics.Snapshot()["committedMessages"]));
    }

    private static string DeviceId(int device) => "dev-" + device;

    private static byte[] Mac(int device) => Enumerable.Repeat((byte)device, 32).ToArray();

    // Device `device`'s records 1..count, the chain head they make, and its touch (odd devices sent a heartbeat).
    private static VerifiedBatch Batch(int device, int count)
    {
        var id = DeviceId(device);
        var events = Enumerable.Range(1, count)
            .Select(s => new SecurityEventRecord(id, s, 1, s, true, s, 0x0503, "heartbeat", 0, "{}", [(byte)s], Mac(device), SeenAtMs))
            .ToList();
        return new VerifiedBatch(id, (uint)device, events, new ChainHead(id, count, Mac(device)), count, 0, [])
        {
            Touch = new DeviceTouch(id, SeenAtMs + device, Heartbeat: device % 2 == 1),
        };
    }

    private IngestWriter Writer(ITelemetryStore store, int messagesPerCommit)
    {
        var options = new EdgeSecurityHostOptions();
        options.Ingest.QueueCapacity = 8;
        options.Ingest.MaxMessagesPerCommit = messagesPerCommit;
        return new IngestWriter(store, Options.Create(options), _metrics, _loggers.CreateLogger<IngestWriter>());
    }
}
