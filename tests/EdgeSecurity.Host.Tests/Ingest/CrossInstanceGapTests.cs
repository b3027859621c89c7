using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;
using EdgeSecurity.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSecurity.Host.Tests.Ingest;

/// <summary>
/// Two host instances on one PostgreSQL database handling one device's batches out of order (decision 215): a
/// batch that reaches one instance while the other is still storing the batch before it waits for the hole to
/// fill instead of asking the device to resend both. The batches are handed to each instance's ingestor in a
/// chosen order (as the shared subscription or the events queue would deliver them); the acks reach the device
/// through the broker and are checked with the device key.
/// </summary>
[Collection(HostTestCollection.Name)]
public sealed class CrossInstanceGapTests(TestFleet fleet, PostgresServer postgres)
{
    private const string DeviceId = "dev-a";
    private static readonly TimeSpan LongWait = TimeSpan.FromSeconds(60);
    private static readonly string EventTopic = DeviceTopics.For(DeviceId, DeviceTopics.Events);

    [Fact]
    [Trait("Requirement", "SR-CLU-015")]
    public async Task A_batch_handled_while_another_instance_stores_the_one_before_it_is_stored_without_a_resend()
    {
        // A wait far longer than any commit: the test waits for the final answer, whatever the machine's load.
        await using var pair = await InstancePair.StartAsync(fleet, postgres, o => o.GapWaitMs = (int)LongWait.TotalMilliseconds);
        await using var device = await DeviceConnection.ConnectAsync(fleet, DeviceId, pair.First.Host.BrokerPort);
        var journal = new SimulatedJournal(DeviceId, fleet.EventKey(DeviceId));
        journal.AppendHeartbeats(64);

        // The device's two in-flight batches, as its uploader makes them; the second is handled first, by the other instance.
        var later = pair.Second.Ingestor.HandleAsync(EventTopic, journal.CompleteBatch(2, 33, Sequences(33, 64)), CancellationToken.None);
        await WaitUntilAsync(() => pair.Second.GapRecheck.Waiting == 1 || later.IsCompleted);
        await pair.First.Ingestor.HandleAsync(EventTopic, journal.CompleteBatch(1, 1, Sequences(1, 32)), CancellationToken.None);
        await later.WaitAsync(LongWait);

        var acks = new[] { await device.NextAckAsync(), await device.NextAckAsync() }.OrderBy(a => a.BatchId).ToList();
        Assert.Equal([(AckStatus.Stored, 1u, 32L), (AckStatus.Stored, 2u, 64L)], acks.Select(a => (a.Status, a.BatchId, a.AckedThrough)));
        Assert.Equal(Sequences(1, 64), await StoredSequencesAsync(pair.Store));
        Assert.Equal(64, (await pair.Store.GetChainHeadAsync(DeviceId, CancellationToken.None))!.Sequence);
        Assert.Equal(1, pair.Second.Metric(IngestMetrics.GapWaitFilled));
        Assert.Equal(0, pair.First.Metric("gapAcks") + pair.Second.Metric("gapAcks"));
        Assert.Empty((await pair.Store.QueryAlertsAsync(new AlertQuery(DeviceId: DeviceId), CancellationToken.None)).Items);
    }

    [Fact]
    [Trait("Requirement", "SR-CLU-016")]
    public async Task A_hole_nobody_fills_is_answered_resend_after_the_wait_and_costs_one_wait_until_the_chain_moves_on()
    {
        await using var pair = await InstancePair.StartAsync(fleet, postgres, o => o.GapWaitMs = 300);
        await using var device = await DeviceConnection.ConnectAsync(fleet, DeviceId, pair.First.Host.BrokerPort);
        var journal = new SimulatedJournal(DeviceId, fleet.EventKey(DeviceId));
        journal.AppendHeartbeats(128);
        var second = pair.Second;

        // Batch 1 (1-32) never arrives. Batch 2 waits, then is answered "resend after 0"; nothing of it is stored.
        await second.Ingestor.HandleAsync(EventTopic, journal.CompleteBatch(2, 33, Sequences(33, 64)), CancellationToken.None);
        Assert.Equal((AckStatus.Gap, 2u, 0L), Answer(await device.NextAckAsync()));
        Assert.Empty(await StoredSequencesAsync(pair.Store));
        Assert.Equal((0, 1), (second.Metric(IngestMetrics.GapWaitFilled), second.Metric(IngestMetrics.GapWaitExpired)));

        // Batch 3 after the same open hole: answered at once, no second wait.
        await second.Ingestor.HandleAsync(EventTopic, journal.CompleteBatch(3, 65, Sequences(65, 96)), CancellationToken.None);
        Assert.Equal((AckStatus.Gap, 3u, 0L), Answer(await device.NextAckAsync()));
        Assert.Equal(1, second.Metric(IngestMetrics.GapWaitExpired));

        // The device resends from its head: everything is stored once and the chain moved on.
        await pair.First.Ingestor.HandleAsync(EventTopic, journal.CompleteBatch(4, 1, Sequences(1, 32)), CancellationToken.None);
        await second.Ingestor.HandleAsync(EventTopic, journal.CompleteBatch(5, 33, Sequences(33, 64)), CancellationToken.None);
        Assert.Equal((AckStatus.Stored, 4u, 32L), Answer(await device.NextAckAsync()));
        Assert.Equal((AckStatus.Stored, 5u, 64L), Answer(await device.NextAckAsync()));

        // A new hole after the moved chain gets its own wait, and still stores nothing past it.
        await second.Ingestor.HandleAsync(EventTopic, journal.CompleteBatch(6, 97, Sequences(97, 128)), CancellationToken.None);
        Assert.Equal((AckStatus.Gap, 6u, 64L), Answer(await device.NextAckAsync()));
        Assert.Equal(2, second.Metric(IngestMetrics.GapWaitExpired));
        Assert.Equal(Sequences(1, 64), await StoredSequencesAsync(pair.Store));
        Assert.Equal(3, pair.First.Metric("gapAcks") + second.Metric("gapAcks"));
    }

    [Fact]
    [Trait("Requirement", "SR-CLU-016")]
    public async Task Beyond_the_waits_allowed_at_once_a_hole_is_answered_at_once()
    {
        await using var pair = await InstancePair.StartAsync(fleet, postgres, o => (o.GapWaitMs, o.GapWaitsAtOnce) = ((int)LongWait.TotalMilliseconds, 1));
        await using var deviceA = await DeviceConnection.ConnectAsync(fleet, "dev-a", pair.First.Host.BrokerPort);
        await using var deviceB = await DeviceConnection.ConnectAsync(fleet, "dev-b", pair.First.Host.BrokerPort);
        var journalA = new SimulatedJournal("dev-a", fleet.EventKey("dev-a"));
        var journalB = new SimulatedJournal("dev-b", fleet.EventKey("dev-b"));
        journalA.AppendHeartbeats(4);
        journalB.AppendHeartbeats(4);
        var second = pair.Second;

        var waiting = second.Ingestor.HandleAsync(EventTopic, journalA.CompleteBatch(2, 3, [3, 4]), CancellationToken.None);
        await WaitUntilAsync(() => second.GapRecheck.Waiting == 1);

        // dev-a's wait holds the only slot: dev-b's hole is answered without waiting.
        await second.Ingestor.HandleAsync(DeviceTopics.For("dev-b", DeviceTopics.Events), journalB.CompleteBatch(2, 3, [3, 4]), CancellationToken.None);
        Assert.Equal((AckStatus.Gap, 2u, 0L), Answer(await deviceB.NextAckAsync()));
        Assert.Equal(1, second.Metric(IngestMetrics.GapWaitNoSlot));
        Assert.False(waiting.IsCompleted);

        await pair.First.Ingestor.HandleAsync(EventTopic, journalA.CompleteBatch(1, 1, [1, 2]), CancellationToken.None);
        await waiting.WaitAsync(LongWait);
        var acks = new[] { await deviceA.NextAckAsync(), await deviceA.NextAckAsync() }.Select(Answer).Order().ToList();
        Assert.Equal([(AckStatus.Stored, 1u, 2L), (AckStatus.Stored, 2u, 4L)], acks);
    }

    [Fact]
    [Trait("Requirement", "SR-CLU-015")]
    public async Task Uploading_devices_on_two_instances_are_never_asked_to_resend_and_every_record_is_stored_once()
    {
        // Through the broker: the shared subscription hands a device's consecutive batches to alternate instances.
        await using var pair = await InstancePair.StartAsync(fleet, postgres, o => o.GapWaitMs = (int)LongWait.TotalMilliseconds);
        var devices = new List<UploadingDevice>();
        try
        {
            foreach (var id in TestFleet.LoadDeviceIds.Take(4))
            {
                var device = await UploadingDevice.ConnectAsync(fleet, id, pair.First.Host.BrokerPort);
                devices.Add(device);
                device.RecordHeartbeats(300);
            }

            var uploaded = await Task.WhenAll(devices.Select(d => d.UploadAllAsync(TimeSpan.FromSeconds(120))));

            Assert.All(uploaded, Assert.True);
            Assert.True(pair.First.Host.BatchesAcked > 0 && pair.Second.Host.BatchesAcked > 0, $"both instances must have handled batches (first {pair.First.Host.BatchesAcked}, second {pair.Second.Host.BatchesAcked})");
            foreach (var device in devices)
            {
                Assert.Equal(Sequences(1, device.Journal.HeadSequence), await StoredSequencesAsync(pair.Store, device.DeviceId));
            }

            Assert.Equal(0, pair.First.Metric("gapAcks") + pair.Second.Metric("gapAcks"));
            Assert.Equal(0, pair.First.Metric(IngestMetrics.GapWaitExpired) + pair.Second.Metric(IngestMetrics.GapWaitExpired));
        }
        finally
        {
            foreach (var device in devices)
            {
                await device.DisposeAsync();
            }
        }
    }

    private static (AckStatus, uint, long) Answer(EventAck ack) => (ack.Status, ack.BatchId, ack.AckedThrough);

    private static long[] Sequences(long first, long last) => [.. Enumerable.Range((int)first, (int)(last - first + 1)).Select(i => (long)i)];

    private static async Task<long[]> StoredSequencesAsync(ITelemetryStore store, string deviceId = DeviceId)
    {
        var sequences = new List<long>();
        string? cursor = null;
        do
        {
            var page = await store.QueryEventsAsync(new EventQuery(DeviceId: deviceId, Cursor: cursor, Limit: 1000), CancellationToken.None);
            sequences.AddRange(page.Items.Select(e => e.Sequence));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return [.. sequences.Order()];
    }

    private static Task WaitUntilAsync(Func<bool> condition) =>
        Eventually.HoldsAsync(LongWait, condition, () => "the condition did not hold", TimeSpan.FromMilliseconds(10));

    /// <summary>One host instance of the pair and the parts of it the tests drive or read.</summary>
    private sealed record Instance(RunningHost Host)
    {
        public EventIngestor Ingestor => Host.Services.GetRequiredService<EventIngestor>();

        public GapRecheck GapRecheck => Host.Services.GetRequiredService<GapRecheck>();

        public long Metric(string name) => (long)Host.Services.GetRequiredService<IngestMetrics>().Snapshot()[name];
    }

    /// <summary>Two host instances on one fresh PostgreSQL database: the first embeds the broker, the second uses it as an external broker.</summary>
    private sealed class InstancePair : IAsyncDisposable
    {
        private InstancePair(Instance first, Instance second)
        {
            First = first;
            Second = second;
        }

        public Instance First { get; }

        public Instance Second { get; }

        public ITelemetryStore Store => First.Host.Services.GetRequiredService<ITelemetryStore>();

        public static async Task<InstancePair> StartAsync(TestFleet fleet, PostgresServer postgres, Action<IngestOptions> ingest)
        {
            var firstOptions = HostFactory.Options(fleet, await postgres.CreateDatabaseAsync());
            ingest(firstOptions.Ingest);
            var first = await HostFactory.StartAsync(firstOptions);
            try
            {
                var secondOptions = HostFactory.SecondInstance(fleet, firstOptions, first);
                ingest(secondOptions.Ingest);
                return new InstancePair(new Instance(first), new Instance(await HostFactory.StartAsync(secondOptions)));
            }
            catch
            {
                await first.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Second.Host.DisposeAsync();
            await First.Host.DisposeAsync();
        }
    }
}
