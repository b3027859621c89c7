using System.Diagnostics;
using EdgeSecurity.Bench.Ingest;
using EdgeSecurity.Mqtt;

namespace EdgeSecurity.Bench.Cluster;

/// <summary>One broker node's share of a connection run: connections held, resident memory before and after, descriptors.</summary>
internal sealed record NodeConnections(int Node, int Connections, double ResidentMiBBefore, double ResidentMiBAfter, int OpenDescriptors, long OpenFilesLimit);

/// <summary>A connection run: how many lightweight devices got connected, how long that took, what it cost the broker.</summary>
internal sealed record ConnectionResult(
    string Engine,
    int Nodes,
    string Sessions,
    int Requested,
    int Connected,
    int Failed,
    string? FirstFailure,
    double ConnectSeconds,
    double ConnectP50Ms,
    double ConnectP95Ms,
    double ConnectMaxMs,
    double BrokerKiBPerConnection,
    double BenchProcessKiBPerConnection,
    IReadOnlyList<NodeConnections> PerNode,
    double LoadAverage1MinBefore,
    double LoadAverage1MinAfter);

/// <summary>
/// Connections held per node and memory per connection: N lightweight devices (our MQTT client, each with its own
/// TLS client certificate, subscribed to its acks like a device) connect with a bounded number of handshakes in
/// flight, spread round robin over the nodes, and stay connected while the broker processes' resident memory is
/// read again. Memory per connection = the growth of every broker process's RSS ÷ the connections, so on a
/// cluster it includes the replicas of each persistent session (a quorum queue on every node).
/// </summary>
internal static class ConnectionBench
{
    /// <summary>After this many failures in a row the broker is taken to be at a limit and the run stops.</summary>
    private const int FailuresInARowToStop = 50;

    public static async Task<List<ConnectionResult>> RunAsync(ClusterBenchOptions options, BenchFleet fleet)
    {
        var results = new List<ConnectionResult>();
        for (var run = 1; run <= options.Runs; run++)
        {
            foreach (var broker in options.Engines)
            {
                await using var deployment = await BrokerDeployment.StartAsync(broker, fleet, $"connections-r{run}-{broker.Engine}{broker.Nodes}").ConfigureAwait(false);
                results.Add(await MeasureAsync(options, fleet, deployment).ConfigureAwait(false));
            }
        }

        return results;
    }

    private static async Task<ConnectionResult> MeasureAsync(ClusterBenchOptions options, BenchFleet fleet, BrokerDeployment deployment)
    {
        var name = deployment.Broker.ToString();
        var nodes = deployment.DevicePorts.Count;
        // A broker just started is still settling (RabbitMQ's schedulers, mosquitto's first allocations).
        await Task.Delay(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        var devices = fleet.DeviceIds.Select((id, i) => new LightDevice(fleet, id, deployment.DevicePorts, i % nodes, options.PersistentSessions)).ToList();
        var preparing = Stopwatch.StartNew();
        Parallel.ForEach(devices, d => d.Prepare());
        IngestBench.Progress($"[{name}] {devices.Count} device certificates loaded in {preparing.Elapsed.TotalSeconds:F1} s (not timed)");
        var before = deployment.Stats();
        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        var loadBefore = IngestBench.LoadAverage();
        var connected = new bool[devices.Count];
        var times = new List<double>(devices.Count);
        var failed = 0;
        var failuresInARow = 0;
        string? firstFailure = null;
        using var slots = new SemaphoreSlim(options.ConnectConcurrency);
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        try
        {
            using (IngestBench.StartProgress($"[{name}] connections", () => times.Count, devices.Count, clock))
            {
                var attempts = new List<Task>(devices.Count);
                for (var i = 0; i < devices.Count && !stop.IsCancellationRequested; i++)
                {
                    await slots.WaitAsync().ConfigureAwait(false);
                    var index = i;
                    attempts.Add(Task.Run(async () =>
                    {
                        try
                        {
                            var took = await devices[index].ConnectAsync().ConfigureAwait(false);
                            lock (times)
                            {
                                times.Add(took.TotalMilliseconds);
                                connected[index] = true;
                                failuresInARow = 0;
                            }
                        }
                        catch (Exception e) when (e is MqttException or IOException)
                        {
                            lock (times)
                            {
                                failed++;
                                firstFailure ??= $"device {index + 1}: {e.GetType().Name}: {e.Message}";
                                if (++failuresInARow >= FailuresInARowToStop)
                                {
                                    stop.Cancel();
                                }
                            }
                        }
                        finally
                        {
                            slots.Release();
                        }
                    }));
                }

                await Task.WhenAll(attempts).ConfigureAwait(false);
            }

            var connectSeconds = clock.Elapsed.TotalSeconds;
            // Let the broker finish what connecting started (session queues, replicas) before reading its memory.
            await Task.Delay(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            var after = deployment.Stats();
            var managedAfter = GC.GetTotalMemory(forceFullCollection: true);
            var loadAfter = IngestBench.LoadAverage();
            var count = times.Count;
            var perNode = Enumerable.Range(0, nodes).Select(n => new NodeConnections(
                n,
                devices.Where((d, i) => connected[i] && d.HomeNode == n).Count(),
                Math.Round(before[n].ResidentBytes / 1048576.0, 1),
                Math.Round(after[n].ResidentBytes / 1048576.0, 1),
                after[n].OpenDescriptors,
                after[n].OpenFilesLimit)).ToList();
            var brokerGrowth = after.Sum(s => s.ResidentBytes) - before.Sum(s => s.ResidentBytes);
            times.Sort();
            var result = new ConnectionResult(
                deployment.Broker.Engine,
                nodes,
                options.PersistentSessions ? "persistent" : "clean",
                devices.Count,
                count,
                failed,
                firstFailure,
                Math.Round(connectSeconds, 2),
                Math.Round(Percentile(times, 0.50), 1),
                Math.Round(Percentile(times, 0.95), 1),
                Math.Round(Percentile(times, 1.0), 1),
                count == 0 ? double.NaN : Math.Round(brokerGrowth / 1024.0 / count, 1),
                count == 0 ? double.NaN : Math.Round((managedAfter - managedBefore) / 1024.0 / count, 1),
                perNode,
                loadBefore,
                loadAfter);
            IngestBench.Progress($"[{name}] {count} of {devices.Count} connected in {connectSeconds:F1} s (p50 {result.ConnectP50Ms} ms, p95 {result.ConnectP95Ms} ms), " +
                $"broker {result.BrokerKiBPerConnection} KiB per connection, {failed} failed{(firstFailure is null ? "" : ": " + firstFailure)}, load {loadBefore:F2} -> {loadAfter:F2}");
            return result;
        }
        finally
        {
            foreach (var chunk in devices.Chunk(256))
            {
                await Task.WhenAll(chunk.Select(d => d.DisposeAsync().AsTask())).ConfigureAwait(false);
            }
        }
    }

    internal static double Percentile(List<double> sorted, double fraction) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];
}
