using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Tests.Support;
using EdgeSecurity.TestSupport;
using EdgeSecurity.TestSupport.Mqtt;
using Npgsql;

namespace EdgeSecurity.Host.Tests.Hardening;

/// <summary>
/// The hostile-device suite on a 3-node RabbitMQ cluster (generated configuration, the broker authorizer)
/// with a real host consuming the cluster's queues into PostgreSQL. The attacker's clients connect to node 1,
/// the well-behaved devices to node 2, so what holds here holds across nodes. RabbitMQ refuses what
/// mosquitto grants and ignores: a subscription outside the device's own topics, a client id that is not the
/// certificate identity (docs/host.md, "Clustered broker").
/// </summary>
[Collection(HostTestCollection.Name)]
public sealed class ClusterHostileDeviceTests(TestFleet fleet, PostgresServer postgres, ClusterEngine engine)
    : HostileDeviceSuite(fleet), IClassFixture<ClusterEngine>
{
    protected override bool RefusesForeignSubscriptions => true;

    protected override bool RefusesForeignClientIds => true;

    protected override string DeviceToRevoke => TestFleet.ClusterSpareDeviceId;

    protected override async Task<HostUnderAttack> StartHostAsync()
    {
        var cluster = await engine.ForAsync(Fleet);
        await ClusterEngine.PurgeHostQueuesAsync(cluster);
        string database = await postgres.CreateDatabaseAsync();
        var options = HostFactory.Options(Fleet, database);
        options.Broker.Engine = BrokerEngine.RabbitMq;
        foreach (string endpoint in cluster.AmqpEndpoints)
        {
            options.Broker.RabbitMq.Endpoints.Add(endpoint);
        }

        var host = await HostFactory.StartAsync(options);
        return new HostUnderAttack(host, options, cluster.Mqtt(0), cluster.Nodes[1].MqttPort, deviceId => RejectionRowsAsync(database, deviceId));
    }

    [Fact]
    [Trait("Requirement", "SR-CLU-013")]
    public async Task A_publish_over_the_size_limit_is_refused_by_every_node_and_one_at_the_limit_gets_through()
    {
        await using var target = await StartHostAsync();
        var cluster = await engine.ForAsync(Fleet);
        string work = Directory.CreateDirectory(Path.Combine(Fleet.Root, "cluster-size-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        string over = Path.Combine(work, "over.bin");
        string under = Path.Combine(work, "under.bin");
        // The limit is on the message body: just over 1 MiB is refused, 1 MiB itself is taken (and rejected by the host as malformed).
        await File.WriteAllBytesAsync(over, new byte[(1024 * 1024) + 1]);
        await File.WriteAllBytesAsync(under, new byte[1024 * 1024]);
        string topic = DeviceTopics.For("dev-a", DeviceTopics.Events);

        for (int node = 0; node < cluster.Nodes.Count; node++)
        {
            // No PUBACK: the node drops the message (mosquitto_pub is left waiting for the acknowledgement).
            var attempt = await MosquittoClients.AttemptPublishFileAsync(cluster.Mqtt(node), Identity("dev-a"), topic, over, "dev-a", TimeSpan.FromSeconds(5));
            Assert.True(attempt.Refused, $"node {node + 1} took a publish over the limit: {attempt.Output}");
        }

        Assert.Equal(0, await MosquittoClients.PublishFileAsync(cluster.Mqtt(2), Identity("dev-a"), topic, under, clientId: "dev-a"));
        long rejected = 0;
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(15) && rejected == 0; waited += TimeSpan.FromMilliseconds(200))
        {
            await Task.Delay(200);
            rejected = await target.Store.CountRejectionsAsync(null, CancellationToken.None);
        }

        // Only the message at the limit reached the host: the refused ones were never queued.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await target.Store.CountRejectionsAsync(null, CancellationToken.None));
    }

    private static async Task<long> RejectionRowsAsync(string connectionString, string deviceId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM rejections WHERE device_id = @d", connection);
        command.Parameters.AddWithValue("d", deviceId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
