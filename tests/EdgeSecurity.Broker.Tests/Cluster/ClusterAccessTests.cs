using System.Security.Cryptography.X509Certificates;
using EdgeSecurity.Broker.Cluster;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Pki.Registry;
using EdgeSecurity.TestSupport.Cluster;
using EdgeSecurity.TestSupport.Mqtt;

namespace EdgeSecurity.Broker.Tests.Cluster;

/// <summary>
/// The device rules of docs/formats/topics.md on a real 3-node RabbitMQ cluster configured by
/// 'edgesec broker rabbitmq config', attacked with independent clients: mosquitto_pub/sub and Paho for
/// devices, RabbitMQ.Client for AMQP.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterAccessTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    [Trait("Requirement", "SR-CLU-001")]
    public async Task A_device_publishes_its_events_through_any_node_into_the_host_queue()
    {
        await using var host = await fixture.AmqpAsync(fixture.Host, node: 2);
        await host.ConsumeAsync(RabbitMqTopology.EventsQueue);
        for (int node = 0; node < fixture.Cluster.Nodes.Count; node++)
        {
            string payload = $"event-via-node-{node}-{Guid.NewGuid():N}";
            Assert.Equal(0, await PublishAsync(node, fixture.DeviceA, DeviceTopics.For("dev-a", DeviceTopics.Events), payload));
            Assert.Equal("es.v1.d.dev-a.evt " + payload, await host.WaitForPayloadAsync(payload, Wait));
        }
    }

    [Fact]
    [Trait("Requirement", "SR-CLU-002")]
    public async Task A_device_cannot_publish_into_another_devices_topics()
    {
        await using var host = await fixture.AmqpAsync(fixture.Host);
        await host.ConsumeAsync(RabbitMqTopology.EventsQueue);
        await using var deviceB = await MqttSubscriber.StartWithClientIdAsync(fixture.Node(1), fixture.DeviceB, "dev-b", DeviceTopics.For("dev-b", DeviceTopics.Acks), DeviceTopics.For("dev-b", DeviceTopics.Commands));
        string tag = Guid.NewGuid().ToString("N");

        // Each forged publish is refused; the broker closes the forger's connection, so each goes on a fresh one.
        await PublishAsync(0, fixture.DeviceA, DeviceTopics.For("dev-b", DeviceTopics.Events), "forged-event-" + tag);
        await PublishAsync(0, fixture.DeviceA, DeviceTopics.For("dev-b", DeviceTopics.Acks), "forged-ack-" + tag);
        await PublishAsync(0, fixture.DeviceA, DeviceTopics.For("dev-b", DeviceTopics.Commands), "forged-command-" + tag);
        await PublishAsync(0, fixture.DeviceA, DeviceTopics.For("dev-a", DeviceTopics.Acks), "self-ack-" + tag);
        // What arrives after the forgeries shows they had their chance to arrive.
        Assert.Equal(0, await PublishAsync(0, fixture.DeviceA, DeviceTopics.For("dev-a", DeviceTopics.Events), "own-event-" + tag));
        await host.PublishAsync("es.v1.d.dev-b.ack", "real-ack-" + tag);

        await host.WaitForPayloadAsync("own-event-" + tag, Wait);
        await deviceB.WaitForPayloadAsync("real-ack-" + tag);
        Assert.DoesNotContain(host.Messages, m => m.Contains("forged", StringComparison.Ordinal));
        Assert.DoesNotContain(deviceB.Messages, m => m.Contains("forged", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Requirement", "SR-CLU-003")]
    public async Task A_device_cannot_read_another_devices_acks_or_commands()
    {
        string tag = Guid.NewGuid().ToString("N");
        await using var host = await fixture.AmqpAsync(fixture.Host);
        MqttSubscriber? spy = null;
        try
        {
            spy = await MqttSubscriber.StartWithClientIdAsync(fixture.Node(0), fixture.DeviceA, "dev-a", DeviceTopics.For("dev-b", DeviceTopics.Commands), DeviceTopics.AllDevices(DeviceTopics.Acks), "es/v1/d/#");
        }
        catch (InvalidOperationException)
        {
            // Refused outright (no SUBACK): also a pass, as long as nothing leaks below.
        }

        try
        {
            await host.PublishAsync("es.v1.d.dev-b.cmd", "secret-command-" + tag);
            await host.PublishAsync("es.v1.d.dev-b.ack", "secret-ack-" + tag);
            Assert.Equal(0, await PublishAsync(1, fixture.DeviceB, DeviceTopics.For("dev-b", DeviceTopics.Events), "secret-event-" + tag));
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.True(spy is null || !spy.Messages.Any(m => m.Contains("secret", StringComparison.Ordinal)), "a device read another device's messages: " + string.Join(" | ", spy?.Messages ?? []));
        }
        finally
        {
            if (spy is not null)
            {
                await spy.DisposeAsync();
            }
        }

        // Its own commands still reach it, and only those.
        await using var own = await MqttSubscriber.StartWithClientIdAsync(fixture.Node(0), fixture.DeviceA, "dev-a", DeviceTopics.For("dev-a", DeviceTopics.Commands));
        await host.PublishAsync("es.v1.d.dev-b.cmd", "secret-command-2-" + tag);
        await host.PublishAsync("es.v1.d.dev-a.cmd", "command-a-" + tag);
        await own.WaitForPayloadAsync("command-a-" + tag);
        Assert.Equal(["es/v1/d/dev-a/cmd command-a-" + tag], own.Messages);
    }

    [Fact]
    [Trait("Requirement", "SR-CLU-004")]
    public async Task A_device_cannot_consume_the_host_queues_or_publish_as_the_host()
    {
        // Over AMQP a device certificate gets no further than the login: a device has no client id there.
        await Assert.ThrowsAnyAsync<Exception>(() => fixture.AmqpAsync(fixture.DeviceA));

        // Over MQTT it may only subscribe to its own topics; a filter over every device's events takes nothing from the host queue.
        string tag = Guid.NewGuid().ToString("N");
        await using var host = await fixture.AmqpAsync(fixture.Host);
        await host.ConsumeAsync(RabbitMqTopology.EventsQueue);
        MqttSubscriber? spy = null;
        try
        {
            spy = await MqttSubscriber.StartWithClientIdAsync(fixture.Node(1), fixture.DeviceA, "dev-a", DeviceTopics.AllDevices(DeviceTopics.Events));
        }
        catch (InvalidOperationException)
        {
            // Refused outright.
        }

        try
        {
            for (int i = 0; i < 5; i++)
            {
                Assert.Equal(0, await PublishAsync(i % 3, fixture.DeviceB, DeviceTopics.For("dev-b", DeviceTopics.Events), $"b-event-{i}-{tag}"));
            }

            for (int i = 0; i < 5; i++)
            {
                await host.WaitForPayloadAsync($"b-event-{i}-{tag}", Wait);
            }

            Assert.True(spy is null || spy.Messages.Count == 0, "a device read the fleet's events: " + string.Join(" | ", spy?.Messages ?? []));
        }
        finally
        {
            if (spy is not null)
            {
                await spy.DisposeAsync();
            }
        }
    }

    [Fact]
    [Trait("Requirement", "SR-CLU-005")]
    public async Task A_device_cannot_take_over_another_clients_id_on_any_node()
    {
        await using var victim = await PahoSession.ConnectAsync(fixture.Node(0), fixture.DeviceB);
        for (int node = 0; node < fixture.Cluster.Nodes.Count; node++)
        {
            // Device A's certificate, device B's client id.
            var impostor = new MqttIdentity("dev-b", fixture.DeviceA.CertificatePath, fixture.DeviceA.KeyPath);
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await (await PahoSession.ConnectAsync(fixture.Node(node), impostor)).DisposeAsync());
            var hostImpostor = new MqttIdentity(fixture.Host.Name, fixture.DeviceA.CertificatePath, fixture.DeviceA.KeyPath);
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await (await PahoSession.ConnectAsync(fixture.Node(node), hostImpostor)).DisposeAsync());
        }

        // Registration of a client id is cluster-wide: had any attempt got through, the victim would have been dropped.
        var dropped = await Task.WhenAny(victim.Dropped, Task.Delay(TimeSpan.FromSeconds(3)));
        Assert.NotSame(victim.Dropped, dropped);
    }

    [Fact]
    [Trait("Requirement", "SR-CLU-006")]
    public async Task A_client_without_a_fleet_certificate_or_with_a_password_is_refused()
    {
        string tag = Guid.NewGuid().ToString("N");
        await using var host = await fixture.AmqpAsync(fixture.Host);
        await host.ConsumeAsync(RabbitMqTopology.EventsQueue);
        // No client certificate: the TLS handshake fails.
        var noCertificate = MosquittoClients.ConnectionArguments(fixture.Node(0), null, tls: true).Concat(["-i", "dev-a", "-q", "1", "-t", DeviceTopics.For("dev-a", DeviceTopics.Events), "-m", "nocert-" + tag]);
        Assert.NotEqual(0, await RunAsync("mosquitto_pub", noCertificate));
        // A valid certificate and a user name + password for another identity: passwords are never accepted.
        var arguments = MosquittoClients.ConnectionArguments(fixture.Node(0), fixture.DeviceA, tls: true).Concat(["-i", "dev-b", "-u", "dev-b", "-P", "anything", "-q", "1", "-t", DeviceTopics.For("dev-b", DeviceTopics.Events), "-m", "password-" + tag]);
        Assert.NotEqual(0, await RunAsync("mosquitto_pub", arguments));
        Assert.Equal(0, await PublishAsync(0, fixture.DeviceA, DeviceTopics.For("dev-a", DeviceTopics.Events), "after-" + tag));
        await host.WaitForPayloadAsync("after-" + tag, Wait);
        Assert.DoesNotContain(host.Messages, m => m.Contains("nocert-" + tag, StringComparison.Ordinal) || m.Contains("password-" + tag, StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Requirement", "SR-CLU-007")]
    public async Task A_revoked_device_is_refused_by_every_node_without_a_restart()
    {
        string tag = Guid.NewGuid().ToString("N");
        await using var host = await fixture.AmqpAsync(fixture.Host);
        await host.ConsumeAsync(RabbitMqTopology.EventsQueue);
        Assert.Equal(0, await PublishAsync(0, fixture.DeviceToRevoke, DeviceTopics.For("dev-r", DeviceTopics.Events), "before-" + tag));
        await host.WaitForPayloadAsync("before-" + tag, Wait);

        DeviceRevocation.Revoke(fixture.Pki.Root, "dev-r", X509RevocationReason.KeyCompromise);
        // The nodes cache answers for AuthCacheTtl (2 s in the tests); the authorizer re-reads the registry within 200 ms.
        await Task.Delay(TimeSpan.FromSeconds(3));
        for (int node = 0; node < fixture.Cluster.Nodes.Count; node++)
        {
            Assert.NotEqual(0, await PublishAsync(node, fixture.DeviceToRevoke, DeviceTopics.For("dev-r", DeviceTopics.Events), $"after-{node}-{tag}"));
        }

        Assert.Equal(0, await PublishAsync(0, fixture.DeviceA, DeviceTopics.For("dev-a", DeviceTopics.Events), "sync-" + tag));
        await host.WaitForPayloadAsync("sync-" + tag, Wait);
        Assert.DoesNotContain(host.Messages, m => m.Contains("after-", StringComparison.Ordinal) && m.Contains(tag, StringComparison.Ordinal));
    }

    // mosquitto_pub as the device, with its own id as client id (the only one the cluster accepts from it).
    // mosquitto_pub exits non-zero when the broker refuses the connection or closes it on a refused publish.
    /// <summary>
    /// mosquitto_pub's exit code. CONNACK 3 ("server unavailable") is RabbitMQ's answer when the authorizer did not
    /// answer in time, as on a loaded machine: transient by definition, so it is asked again (a refusal is 4 or 5
    /// and is returned at once).
    /// </summary>
    private async Task<int> PublishAsync(int node, MqttIdentity device, string topic, string payload)
    {
        const int serverUnavailable = 3;
        int exitCode = serverUnavailable;
        for (int attempt = 0; attempt < 4 && exitCode == serverUnavailable; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }

            exitCode = await RunAsync("mosquitto_pub", MosquittoClients.ConnectionArguments(fixture.Node(node), device, tls: true).Concat(["-i", device.Name, "-q", "1", "-t", topic, "-m", payload]));
        }

        return exitCode;
    }

    private static async Task<int> RunAsync(string program, IEnumerable<string> arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        using var timeout = new CancellationTokenSource(MosquittoClients.Timeout);
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }
}
