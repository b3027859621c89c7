using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;
using EdgeSecurity.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSecurity.Host.Tests.Ingest;

/// <summary>
/// Two host instances in one shared-subscription group on one broker and one database: the broker hands
/// each message to one of them, so one device's batches are handled by both, in any order.
/// </summary>
[Collection(HostTestCollection.Name)]
public sealed class SharedIngestTests(TestFleet fleet, PostgresServer postgres)
{
    private const int EventsPerDevice = 400;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    [Trait("Requirement", "SR-EVT-HOST-012")]
    public async Task Two_instances_share_the_load_and_store_every_record_once(string provider)
    {
        var first = HostFactory.Options(fleet, provider == "postgresql" ? await postgres.CreateDatabaseAsync() : null);
        await using var host = await HostFactory.StartAsync(first);
        var second = HostFactory.SecondInstance(fleet, first, host);
        if (provider == "sqlite")
        {
            // Both instances on one SQLite file (WAL allows one writer at a time across connections).
            second.Storage.SqlitePath = Path.Combine(first.DataDirectory, first.Storage.SqlitePath);
        }

        await using var other = await HostFactory.StartAsync(second);
        var devices = new List<UploadingDevice>();
        try
        {
            var recorded = new Dictionary<string, List<long>>();
            foreach (var id in TestFleet.LoadDeviceIds.Take(3))
            {
                var device = await UploadingDevice.ConnectAsync(fleet, id, host.BrokerPort);
                devices.Add(device);
                recorded[id] = device.RecordHeartbeats(EventsPerDevice);
            }

            var uploaded = await Task.WhenAll(devices.Select(d => d.UploadAllAsync(TimeSpan.FromSeconds(90))));

            Assert.All(uploaded, Assert.True);
            Assert.True(host.BatchesAcked > 0 && other.BatchesAcked > 0, $"both instances must have handled batches (first {host.BatchesAcked}, second {other.BatchesAcked})");
            var store = host.Services.GetRequiredService<ITelemetryStore>();
            foreach (var device in devices)
            {
                // Every record of the chain (the heartbeats and what the journal recorded itself) exactly once.
                var stored = await SequencesAsync(store, device.DeviceId);
                Assert.Equal(LongRange(1, device.Journal.HeadSequence), stored.Order());
                Assert.Subset(stored.ToHashSet(), recorded[device.DeviceId].ToHashSet());
                Assert.Empty((await store.QueryAlertsAsync(new AlertQuery(DeviceId: device.DeviceId), CancellationToken.None)).Items);
            }
        }
        finally
        {
            foreach (var device in devices)
            {
                await device.DisposeAsync();
            }
        }
    }

    private static IEnumerable<long> LongRange(long first, long last)
    {
        for (var s = first; s <= last; s++)
        {
            yield return s;
        }
    }

    private static async Task<List<long>> SequencesAsync(ITelemetryStore store, string deviceId)
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
        return sequences;
    }
}
