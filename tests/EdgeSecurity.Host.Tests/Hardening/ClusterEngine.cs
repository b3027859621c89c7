using EdgeSecurity.Broker.Cluster;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Host.Tests.Support;
using EdgeSecurity.TestSupport.Cluster;
using EdgeSecurity.TestSupport.Mqtt;

namespace EdgeSecurity.Host.Tests.Hardening;

/// <summary>
/// One 3-node RabbitMQ cluster of real processes for a test class (a class fixture), configured from the
/// collection's fleet PKI on first use: a cluster costs about 25 s to start, so the class's tests share it.
/// It holds the machine-wide cluster lock from its start until the class ends.
/// </summary>
public sealed class ClusterEngine : IAsyncLifetime
{
    private readonly SemaphoreSlim _starting = new(1, 1);
    private RabbitMqCluster? _cluster;

    /// <summary>The cluster, started for <paramref name="fleet"/>'s PKI by the first caller.</summary>
    public async Task<RabbitMqCluster> ForAsync(TestFleet fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        await _starting.WaitAsync();
        try
        {
            if (_cluster is null)
            {
                var cluster = await RabbitMqCluster.StartAsync(fleet.Pki, nodeCount: 3);
                try
                {
                    await WaitUntilEveryNodeTakesADeviceAsync(cluster, fleet);
                }
                catch
                {
                    // Not kept: the class's next test starts a cluster of its own instead of failing on this one.
                    await cluster.DisposeAsync();
                    throw;
                }

                _cluster = cluster;
            }

            return _cluster;
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>
    /// Right after start a node may answer CONNACK 3 ("server unavailable") while its first calls to the
    /// authorizer are slow on a loaded machine: wait until each node takes a device's publish, so the tests
    /// meet the cluster in its steady state (what the probes publish is purged with the host queues).
    /// </summary>
    private static async Task WaitUntilEveryNodeTakesADeviceAsync(RabbitMqCluster cluster, TestFleet fleet)
    {
        var device = new MqttIdentity("dev-a", fleet.DeviceCertificate("dev-a"), fleet.DeviceKey("dev-a"));
        for (int node = 0; node < cluster.Nodes.Count; node++)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (await MosquittoClients.PublishAsync(cluster.Mqtt(node), device, DeviceTopics.For("dev-a", DeviceTopics.Events), "warm-up", clientId: "dev-a") != 0)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"Node {node + 1} of the test cluster did not take a device's publish within 60 s.");
                }

                await Task.Delay(500);
            }
        }
    }

    /// <summary>Empties the host queues, so a test's host does not receive what a previous test's devices left behind.</summary>
    public static async Task PurgeHostQueuesAsync(RabbitMqCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        foreach (var (queue, _) in RabbitMqTopology.HostQueues)
        {
            await cluster.CtlAsync(0, "purge_queue", "-p", RabbitMqTopology.VirtualHost, queue);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        _starting.Dispose();
    }
}
