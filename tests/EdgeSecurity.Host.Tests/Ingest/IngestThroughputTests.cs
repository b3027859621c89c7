using System.Diagnostics;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EdgeSecurity.Host.Tests.Ingest;

/// <summary>
/// Measures durable ingest throughput through the whole path (TLS, mosquitto, verify, SQLite commit,
/// ack) and reports it; asserts only that every event arrived once (no timing assertions).
/// </summary>
[Collection(HostTestCollection.Name)]
public sealed class IngestThroughputTests(TestFleet fleet, ITestOutputHelper output)
{
    private const int BatchesPerDevice = 16;
    private const int EventsPerBatch = 64;

    [Fact]
    [Trait("Category", "Measurement")]
    public async Task Many_devices_sending_full_batches_are_all_stored_once()
    {
        await using var host = await HostFactory.StartAsync(HostFactory.Options(fleet));
        var devices = new List<(DeviceConnection Connection, SimulatedJournal Journal)>();
        foreach (var id in TestFleet.LoadDeviceIds)
        {
            var journal = new SimulatedJournal(id, fleet.EventKey(id));
            journal.AppendHeartbeats(BatchesPerDevice * EventsPerBatch);
            devices.Add((await DeviceConnection.ConnectAsync(fleet, id, host.BrokerPort), journal));
        }

        try
        {
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(devices.Select(d => SendAllAsync(d.Connection, d.Journal)));
            clock.Stop();

            var total = devices.Count * BatchesPerDevice * EventsPerBatch;
            output.WriteLine($"{total} events from {devices.Count} devices stored and acked in {clock.ElapsedMilliseconds} ms: {total / clock.Elapsed.TotalSeconds:F0} events/s");
            var store = host.Services.GetRequiredService<ITelemetryStore>();
            foreach (var (_, journal) in devices)
            {
                Assert.Equal(journal.LastSequence, (await store.GetChainHeadAsync(journal.DeviceId, CancellationToken.None))!.Sequence);
            }

            var all = 0;
            string? cursor = null;
            do
            {
                var page = await store.QueryEventsAsync(new EventQuery(Cursor: cursor, Limit: 1000), CancellationToken.None);
                all += page.Items.Count;
                cursor = page.NextCursor;
            }
            while (cursor is not null);
            Assert.Equal(total, all);
        }
        finally
        {
            foreach (var (connection, _) in devices)
            {
                await connection.DisposeAsync();
            }
        }
    }

    // Like the device uploader with a window of one batch: next batch after the previous ack.
    private static async Task SendAllAsync(DeviceConnection connection, SimulatedJournal journal)
    {
        for (var b = 0; b < BatchesPerDevice; b++)
        {
            var sequences = journal.Entries.Skip(b * EventsPerBatch).Take(EventsPerBatch).Select(e => e.Sequence).ToArray();
            var ack = await connection.SendAsync(journal.Batch((uint)b + 1, sequences));
            Assert.Equal(sequences[^1], ack.AckedThrough);
        }
    }
}
