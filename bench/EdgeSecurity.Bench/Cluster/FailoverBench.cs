using System.Diagnostics;
using EdgeSecurity.Bench.Ingest;
using EdgeSecurity.Broker.Cluster;

namespace EdgeSecurity.Bench.Cluster;

/// <summary>One kill: which node, whether it led the events queue, and how long until the devices published again.</summary>
internal sealed record FailoverResult(
    int Run,
    int KilledNode,
    bool KilledEventsQueueLeader,
    int Devices,
    int DevicesOnKilledNode,
    int DevicesOnKilledNodeDisconnected,
    int DevicesOnOtherNodesDisconnected,
    int DevicesResumed,
    double AllResumedSeconds,
    double KilledNodeDevicesP50Seconds,
    double KilledNodeDevicesP95Seconds,
    double OtherDevicesMaxSeconds,
    double LoadAverage1MinBefore,
    double LoadAverage1MinAfter);

/// <summary>
/// Failover time as a distribution: lightweight devices with persistent sessions, spread round robin over the
/// nodes of a RabbitMQ cluster, each publishing a small QoS 1 message to its event leaf (routed into the
/// replicated events queue) every interval. One node is killed with SIGKILL; a device is publishing again when
/// the broker acknowledged a publish it sent after the kill (after reconnecting to the next node if its
/// connection broke). Reported per kill: the time until every device published again, the spread over the
/// devices of the killed node, and how many devices on the surviving nodes lost their connection too. The node
/// is restarted and rejoins before the next run; each run kills the next node.
/// </summary>
internal static class FailoverBench
{
    private static readonly TimeSpan Steady = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(120);

    public static async Task<List<FailoverResult>> RunAsync(ClusterBenchOptions options, BenchFleet fleet)
    {
        var broker = options.Engines[0];
        await using var deployment = await BrokerDeployment.StartAsync(broker, fleet, $"failover-{broker.Engine}{broker.Nodes}").ConfigureAwait(false);
        var cluster = deployment.Cluster!;
        var results = new List<FailoverResult>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var victim = (run - 1) % cluster.Nodes.Count;
            var devices = fleet.DeviceIds.Select((id, i) => new LightDevice(fleet, id, deployment.DevicePorts, i % cluster.Nodes.Count, persistentSession: true)).ToList();
            Parallel.ForEach(devices, d => d.Prepare());
            using var stop = new CancellationTokenSource();
            var loops = new List<Task>();
            try
            {
                foreach (var chunk in devices.Chunk(options.ConnectConcurrency))
                {
                    await Task.WhenAll(chunk.Select(d => d.ConnectAsync())).ConfigureAwait(false);
                }

                loops.AddRange(devices.Select(d => Task.Run(() => d.PublishUntilAsync(TimeSpan.FromMilliseconds(options.PublishIntervalMs), stop.Token))));
                await Task.Delay(Steady).ConfigureAwait(false);
                var leader = await EventsQueueLeaderAsync(cluster, victim).ConfigureAwait(false);
                var loadBefore = IngestBench.LoadAverage();
                var kill = Stopwatch.GetTimestamp();
                devices.ForEach(d => d.MarkKill(kill));
                await cluster.KillAsync(victim).ConfigureAwait(false);
                IngestBench.Progress($"[failover {run}] killed node {victim} ({cluster.Nodes[victim].Name}); events queue leader was {leader}");
                var clock = Stopwatch.StartNew();
                while (devices.Any(d => d.ResumedAfter is null) && clock.Elapsed < GiveUp)
                {
                    await Task.Delay(50).ConfigureAwait(false);
                }

                var onVictim = devices.Where(d => d.HomeNode == victim).ToList();
                var others = devices.Where(d => d.HomeNode != victim).ToList();
                var victimTimes = onVictim.Where(d => d.ResumedAfter is not null).Select(d => d.ResumedAfter!.Value.TotalSeconds).Order().ToList();
                var result = new FailoverResult(
                    run,
                    victim,
                    leader == cluster.Nodes[victim].Name,
                    devices.Count,
                    onVictim.Count,
                    onVictim.Count(d => d.LostConnection),
                    others.Count(d => d.LostConnection),
                    devices.Count(d => d.ResumedAfter is not null),
                    Math.Round(devices.Max(d => d.ResumedAfter?.TotalSeconds ?? double.PositiveInfinity), 2),
                    Math.Round(ConnectionBench.Percentile(victimTimes, 0.50), 2),
                    Math.Round(ConnectionBench.Percentile(victimTimes, 0.95), 2),
                    Math.Round(others.Max(d => d.ResumedAfter?.TotalSeconds ?? double.PositiveInfinity), 2),
                    loadBefore,
                    IngestBench.LoadAverage());
                results.Add(result);
                IngestBench.Progress($"[failover {run}] every device publishing again after {result.AllResumedSeconds} s (killed node's devices p50 {result.KilledNodeDevicesP50Seconds} s, p95 {result.KilledNodeDevicesP95Seconds} s); " +
                    $"{result.DevicesOnOtherNodesDisconnected} of {others.Count} devices on other nodes disconnected; load {result.LoadAverage1MinBefore:F2} -> {result.LoadAverage1MinAfter:F2}");
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(loops).ConfigureAwait(false);
                foreach (var chunk in devices.Chunk(256))
                {
                    await Task.WhenAll(chunk.Select(d => d.DisposeAsync().AsTask())).ConfigureAwait(false);
                }
            }

            await cluster.RestartAsync(victim).ConfigureAwait(false);
            await WaitForAllRunningAsync(cluster).ConfigureAwait(false);
            // The probes are not events for a host: nothing consumes them, so the queue is emptied between runs.
            await cluster.CtlAsync((victim + 1) % cluster.Nodes.Count, "purge_queue", "-p", RabbitMqTopology.VirtualHost, RabbitMqTopology.EventsQueue).ConfigureAwait(false);
        }

        return results;
    }

    private static async Task<string> EventsQueueLeaderAsync(TestSupport.Cluster.RabbitMqCluster cluster, int avoid)
    {
        var output = await cluster.CtlAsync((avoid + 1) % cluster.Nodes.Count, "list_queues", "-p", RabbitMqTopology.VirtualHost, "--no-table-headers", "--quiet", "name", "leader").ConfigureAwait(false);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            if (fields.Length == 2 && fields[0] == RabbitMqTopology.EventsQueue)
            {
                return fields[1].Trim();
            }
        }

        return "unknown";
    }

    private static async Task WaitForAllRunningAsync(TestSupport.Cluster.RabbitMqCluster cluster)
    {
        var deadline = DateTime.UtcNow + GiveUp;
        while (DateTime.UtcNow < deadline)
        {
            var running = await cluster.CtlAsync(0, "eval", "length(rabbit_nodes:all_running()).").ConfigureAwait(false);
            if (int.TryParse(running.Trim(), out var n) && n == cluster.Nodes.Count)
            {
                // Quorum queues on the rejoined node catch up from their leaders; give them a moment.
                await Task.Delay(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                return;
            }

            await Task.Delay(500).ConfigureAwait(false);
        }

        throw new InvalidOperationException("The restarted node did not rejoin the cluster within 120 s.");
    }
}
