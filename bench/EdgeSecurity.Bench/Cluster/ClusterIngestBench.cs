using System.Diagnostics;
using EdgeSecurity.Bench.Ingest;
using EdgeSecurity.Broker.Cluster;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Platform.Crypto;
using EdgeSecurity.TestSupport;
using EdgeSecurity.TestSupport.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Bench.Cluster;

/// <summary>One configuration's durable ingest rate: engine, nodes, host instances, what was stored and when.</summary>
internal sealed record ClusterIngestResult(
    string Engine,
    int Nodes,
    int Hosts,
    int GapWaitMs,
    int Devices,
    long Events,
    double Seconds,
    double EventsPerSecond,
    double LatencyP50Ms,
    double LatencyP99Ms,
    int BusyAcks,
    int GapAcks,
    int AckTimeouts,
    long GapWaitsFilled,
    long GapWaitsExpired,
    long RowsStored,
    double LoadAverage1MinBefore,
    double LoadAverage1MinAfter);

/// <summary>
/// Events durably stored per second (in PostgreSQL by the host, acknowledged to the device with the host's MAC'd
/// ack) with 1..N host instances, on the host's embedded mosquitto and on RabbitMQ clusters of 1 and 3 nodes,
/// in one run: the same devices, the same pre-built MAC-chained workload, window and batching as the ingest
/// bench (its <see cref="BenchDevice"/> is the load generator), the same PostgreSQL server (a fresh database per
/// configuration). Host instances run in this process; on mosquitto the first one embeds the broker and the
/// others connect to it as an external broker (shared subscription), on RabbitMQ all consume the events quorum
/// queue. Devices are spread over the nodes round robin, one direct connection each.
/// </summary>
internal static class ClusterIngestBench
{
    public static async Task<List<ClusterIngestResult>> RunAsync(ClusterBenchOptions options, BenchFleet fleet)
    {
        var mac = new HmacSha256MacPrimitive();
        IngestBench.Progress($"fleet: {options.Devices} devices; building {options.EventsPerDevice} MAC-chained events per device");
        var workloads = fleet.DeviceIds.ToDictionary(id => id, id => DeviceWorkload.Build(id, fleet.EventKey(id), mac, options.EventsPerDevice, 32));
        await using var postgres = new LocalPostgres(durable: true);
        await postgres.StartAsync().ConfigureAwait(false);
        var results = new List<ClusterIngestResult>();
        for (var run = 1; run <= options.Runs; run++)
        {
            foreach (var broker in options.Engines)
            {
                if (broker.IsMosquitto)
                {
                    foreach (var (hosts, gapWaitMs) in Configurations(options))
                    {
                        results.Add(await RunOnMosquittoAsync(options, fleet, workloads, postgres, hosts, gapWaitMs, $"r{run}").ConfigureAwait(false));
                    }

                    continue;
                }

                await using var cluster = await RabbitMqCluster.StartAsync(fleet.Pki, broker.Nodes, Path.Combine(fleet.Root, $"cluster-r{run}-{broker.Nodes}")).ConfigureAwait(false);
                foreach (var (hosts, gapWaitMs) in Configurations(options))
                {
                    results.Add(await RunOnClusterAsync(options, fleet, workloads, postgres, cluster, hosts, gapWaitMs, $"r{run}").ConfigureAwait(false));
                }
            }
        }

        return results;
    }

    // The gap wait matters only where a device's batches can reach several instances: one instance runs once.
    private static IEnumerable<(int Hosts, int GapWaitMs)> Configurations(ClusterBenchOptions options) =>
        options.Hosts.SelectMany(hosts => (hosts == 1 ? options.GapWaitsMs.Take(1) : options.GapWaitsMs).Select(wait => (hosts, wait)));

    private static async Task<ClusterIngestResult> RunOnMosquittoAsync(ClusterBenchOptions options, BenchFleet fleet, Dictionary<string, IReadOnlyList<BenchBatch>> workloads, LocalPostgres postgres, int hostCount, int gapWaitMs, string tag)
    {
        var name = $"{tag}-mosquitto-h{hostCount}-w{gapWaitMs}";
        await using var database = await BenchDatabase.CreateOnServerAsync(postgres).ConfigureAwait(false);
        var hosts = new List<RunningHost>();
        try
        {
            var first = HostOptions(fleet, database, name, 1, gapWaitMs);
            hosts.Add(await StartHostAsync(first).ConfigureAwait(false));
            for (var i = 2; i <= hostCount; i++)
            {
                var other = HostOptions(fleet, database, name, i, gapWaitMs);
                other.Broker.Mode = BrokerMode.External;
                other.Broker.Host = "127.0.0.1";
                other.Broker.Port = hosts[0].BrokerPort;
                other.Broker.ServicePort = hosts[0].ServicePort;
                hosts.Add(await StartHostAsync(other).ConfigureAwait(false));
            }

            return await IngestAsync(options, fleet, workloads, database, new BrokerUnderTest("mosquitto", 1), hosts, gapWaitMs, [hosts[0].BrokerPort], name).ConfigureAwait(false);
        }
        finally
        {
            for (var i = hosts.Count - 1; i >= 0; i--)
            {
                await hosts[i].DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<ClusterIngestResult> RunOnClusterAsync(ClusterBenchOptions options, BenchFleet fleet, Dictionary<string, IReadOnlyList<BenchBatch>> workloads, LocalPostgres postgres, RabbitMqCluster cluster, int hostCount, int gapWaitMs, string tag)
    {
        var name = $"{tag}-rabbitmq{cluster.Nodes.Count}-h{hostCount}-w{gapWaitMs}";
        // What an earlier configuration left in the queue (resends after the last ack) must not reach this one's fresh database.
        await cluster.CtlAsync(0, "purge_queue", "-p", RabbitMqTopology.VirtualHost, RabbitMqTopology.EventsQueue).ConfigureAwait(false);
        await using var database = await BenchDatabase.CreateOnServerAsync(postgres).ConfigureAwait(false);
        var hosts = new List<RunningHost>();
        try
        {
            for (var i = 1; i <= hostCount; i++)
            {
                var host = HostOptions(fleet, database, name, i, gapWaitMs);
                host.Broker.Engine = BrokerEngine.RabbitMq;
                foreach (var endpoint in cluster.AmqpEndpoints)
                {
                    host.Broker.RabbitMq.Endpoints.Add(endpoint);
                }

                hosts.Add(await StartHostAsync(host).ConfigureAwait(false));
            }

            var broker = new BrokerUnderTest("rabbitmq", cluster.Nodes.Count);
            return await IngestAsync(options, fleet, workloads, database, broker, hosts, gapWaitMs, [.. cluster.Nodes.Select(n => n.MqttPort)], name).ConfigureAwait(false);
        }
        finally
        {
            for (var i = hosts.Count - 1; i >= 0; i--)
            {
                await hosts[i].DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<ClusterIngestResult> IngestAsync(ClusterBenchOptions options, BenchFleet fleet, Dictionary<string, IReadOnlyList<BenchBatch>> workloads, BenchDatabase database, BrokerUnderTest broker, IReadOnlyList<RunningHost> hosts, int gapWaitMs, IReadOnlyList<int> devicePorts, string name)
    {
        var mac = new HmacSha256MacPrimitive();
        var devices = fleet.DeviceIds.Select((id, i) => new BenchDevice(id, fleet.EventKey(id), mac, workloads[id], 2, fleet.DeviceConnection(id, devicePorts[i % devicePorts.Count], options.PersistentSessions))).ToList();
        try
        {
            foreach (var chunk in devices.Chunk(16))
            {
                await Task.WhenAll(chunk.Select(d => d.ConnectAsync())).ConfigureAwait(false);
            }

            // A persistent session can still hold acks of an earlier configuration: let them arrive before the phase starts.
            await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            var totalEvents = workloads.Values.Sum(w => w.Sum(b => (long)b.Records));
            var loadBefore = IngestBench.LoadAverage();
            var latencies = new LatencyRecorder();
            long stored = 0;
            var clock = Stopwatch.StartNew();
            using (IngestBench.StartProgress($"[{name}] ingest", () => Interlocked.Read(ref stored), totalEvents, clock))
            {
                await Task.WhenAll(devices.Select(d => d.IngestAsync(DeviceTopics.Events, latencies, n => Interlocked.Add(ref stored, n)))).ConfigureAwait(false);
            }

            var seconds = clock.Elapsed.TotalSeconds;
            var loadAfter = IngestBench.LoadAverage();
            var rows = await database.CountEventsAsync().ConfigureAwait(false);
            if (rows != totalEvents)
            {
                throw new InvalidOperationException($"[{name}] {rows} events in the database, expected {totalEvents}: acks and storage disagree.");
            }

            var metrics = hosts.Select(h => h.Services.GetRequiredService<IngestMetrics>().Snapshot()).ToList();
            var result = new ClusterIngestResult(
                broker.Engine,
                broker.Nodes,
                hosts.Count,
                gapWaitMs,
                devices.Count,
                totalEvents,
                Math.Round(seconds, 3),
                Math.Round(totalEvents / seconds),
                Math.Round(latencies.Percentile(0.50), 1),
                Math.Round(latencies.Percentile(0.99), 1),
                devices.Sum(d => d.BusyAcks),
                devices.Sum(d => d.GapAcks),
                devices.Sum(d => d.AckTimeouts),
                (long)metrics.Sum(m => m[IngestMetrics.GapWaitFilled]),
                (long)metrics.Sum(m => m[IngestMetrics.GapWaitExpired]),
                rows,
                loadBefore,
                loadAfter);
            IngestBench.Progress($"[{name}] {result.EventsPerSecond:N0} events/s stored and acked, p50 {result.LatencyP50Ms} ms, p99 {result.LatencyP99Ms} ms, {result.AckTimeouts} ack timeouts, {result.GapAcks} gap acks, gap waits filled {result.GapWaitsFilled} / expired {result.GapWaitsExpired}, load {loadBefore:F2} -> {loadAfter:F2}");

            // Resends still on their way answer after the phase; let them land before the devices go.
            await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            return result;
        }
        finally
        {
            foreach (var device in devices)
            {
                await device.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static EdgeSecurityHostOptions HostOptions(BenchFleet fleet, BenchDatabase database, string name, int instance, int gapWaitMs)
    {
        var options = new EdgeSecurityHostOptions
        {
            DataDirectory = Path.Combine(fleet.Root, name, $"host-{instance}"),
            PkiDirectory = fleet.Pki.Root,
        };
        options.Urls.Add("http://127.0.0.1:0");
        options.Ingest.ClientId = $"edgesec-host-{instance}";
        options.Ingest.GapWaitMs = gapWaitMs;
        database.Configure(options.Storage);
        return options;
    }

    private static Task<RunningHost> StartHostAsync(EdgeSecurityHostOptions options) =>
        EdgeSecurityHost.StartAsync(options, CancellationToken.None, builder => builder.Logging.ClearProviders().AddConsole(c => c.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning));
}
