using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Attestation;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Attestation;
using EdgeSecurity.Host.Tests.Support;
using EdgeSecurity.TestSupport;
using EdgeSecurity.TestSupport.Mqtt;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    [Trait("Requirement", "SR-ATT-014")]
    public async Task A_device_on_the_cluster_proves_its_posture_and_another_device_cannot_answer_for_it()
    {
        await using var target = await StartHostAsync();
        var store = target.Store;
        await using var device = await UploadingDevice.ConnectAsync(Fleet, "dev-b", target.NeighbourPort);
        device.RecordHeartbeats(3);
        Assert.True(await device.UploadAllAsync(TimeSpan.FromSeconds(30)), "dev-b's events were not all acknowledged");
        var attester = new DeviceAttester(device);

        // The challenge leaves through the topic exchange to dev-b on node 2; its answer comes back through the
        // command-results quorum queue and is verified against the chain dev-b uploaded.
        await target.Host.Services.GetRequiredService<AttestationChallenger>().ChallengeAsync("dev-b", CancellationToken.None);
        byte[] answer = await attester.AnswerNextAsync(TimeSpan.FromSeconds(30));
        var verified = await WaitForAttestationAsync(store, "dev-b", a => a.State == AttestationStates.Verified && a.ChainCheck == ChainCheckNames.Consistent);
        Assert.Equal(device.Journal.HeadSequence, verified.Posture!.JournalHeadSequence);

        // dev-a on node 1 publishes dev-b's answer on dev-b's leaf (the authorizer refuses the publish), then on its
        // own leaf, where the host refuses an answer naming another device. Both go through the one queue in order,
        // so once dev-a's alert is there, the first publish would have been handled if the cluster had taken it.
        string file = Path.Combine(Fleet.Root, "captured-answer-" + Guid.NewGuid().ToString("N")[..8]);
        await File.WriteAllBytesAsync(file, answer);
        await MosquittoClients.PublishFileAsync(target.Attacker, Identity("dev-a"), DeviceTopics.For("dev-b", DeviceTopics.CommandResults), file, clientId: "dev-a");
        Assert.Equal(0, await MosquittoClients.PublishFileAsync(target.Attacker, Identity("dev-a"), DeviceTopics.For("dev-a", DeviceTopics.CommandResults), file, clientId: "dev-a"));
        // The failed outcome and its alert are two writes: wait for the alert, the final condition.
        await WaitForAttestationAsync(store, "dev-a", a => a.State == AttestationStates.Failed);
        var impersonationQuery = new AlertQuery(DeviceId: "dev-a", Rule: DefaultAlertRules.AttestationInvalid);
        await Eventually.HoldsAsync(
            TimeSpan.FromSeconds(30),
            async () => (await store.QueryAlertsAsync(impersonationQuery, CancellationToken.None)).Items.Count > 0,
            () => "dev-a's attestation failed but no attestation-invalid alert was raised for it");
        var impersonation = Assert.Single((await store.QueryAlertsAsync(impersonationQuery, CancellationToken.None)).Items);
        Assert.Contains("names device 'dev-b'", impersonation.Detail, StringComparison.Ordinal);

        var after = (await store.Attestation.ListAsync("dev-b", CancellationToken.None))["dev-b"];
        Assert.Equal((AttestationStates.Verified, verified.LastAttestedAtMs), (after.State, after.LastAttestedAtMs));
        Assert.Empty((await store.QueryAlertsAsync(new AlertQuery(DeviceId: "dev-b"), CancellationToken.None)).Items);
    }

    private static async Task<DeviceAttestation> WaitForAttestationAsync(ITelemetryStore store, string deviceId, Func<DeviceAttestation, bool> reached)
    {
        DeviceAttestation? latest = null;
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(30); waited += TimeSpan.FromMilliseconds(200))
        {
            if ((await store.Attestation.ListAsync(deviceId, CancellationToken.None)).TryGetValue(deviceId, out latest) && reached(latest))
            {
                return latest;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{deviceId}'s attestation never reached the expected state; last: {latest}");
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
