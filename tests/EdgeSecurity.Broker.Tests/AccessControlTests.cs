using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.TestSupport.Mqtt;

namespace EdgeSecurity.Broker.Tests;

/// <summary>Per-device topic isolation enforced by the generated ACL, checked against a real mosquitto.</summary>
[Collection(BrokerCollection.Name)]
public sealed class AccessControlTests(BrokerFixture broker)
{
    [Fact]
    [Trait("Requirement", "SR-BRK-002")]
    public async Task A_device_cannot_publish_to_another_devices_topics()
    {
        await using var host = await MqttSubscriber.StartAsync(broker.Service, broker.Host, DeviceTopics.AllDevices(DeviceTopics.Events));
        await using var deviceB = await MqttSubscriber.StartAsync(broker, broker.DeviceB, DeviceTopics.For("dev-b", DeviceTopics.Commands), DeviceTopics.For("dev-b", DeviceTopics.Acks));

        // The broker accepts the forged publishes (QoS 1 is acknowledged) but must deliver none of them.
        await MosquittoClients.PublishAsync(broker, broker.DeviceA, DeviceTopics.For("dev-b", DeviceTopics.Events), "forged-event");
        await MosquittoClients.PublishAsync(broker, broker.DeviceA, DeviceTopics.For("dev-b", DeviceTopics.Commands), "forged-command");
        await MosquittoClients.PublishAsync(broker, broker.DeviceA, DeviceTopics.For("dev-b", DeviceTopics.Acks), "forged-ack");
        // Messages from one publisher arrive in order: once these arrive, the forged ones would have too.
        Assert.Equal(0, await MosquittoClients.PublishAsync(broker, broker.DeviceA, DeviceTopics.For("dev-a", DeviceTopics.Events), "own-event"));
        Assert.Equal(0, await MosquittoClients.PublishAsync(broker.Service, broker.Host, DeviceTopics.For("dev-b", DeviceTopics.Acks), "real-ack"));

        Assert.Equal("es/v1/d/dev-a/evt own-event", await host.WaitForPayloadAsync("own-event"));
        await deviceB.WaitForPayloadAsync("real-ack");
        Assert.DoesNotContain(host.Messages, m => m.Contains("forged", StringComparison.Ordinal));
        Assert.DoesNotContain(deviceB.Messages, m => m.Contains("forged", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-003")]
    public async Task A_device_cannot_read_another_devices_commands_or_acknowledgements()
    {
        await using var deviceA = await MqttSubscriber.StartAsync(
            broker,
            broker.DeviceA,
            DeviceTopics.For("dev-b", DeviceTopics.Commands),
            DeviceTopics.AllDevices(DeviceTopics.Acks),
            "es/v1/d/#",
            DeviceTopics.For("dev-a", DeviceTopics.Commands));

        await MosquittoClients.PublishAsync(broker.Service, broker.Host, DeviceTopics.For("dev-b", DeviceTopics.Commands), "secret-command-b");
        await MosquittoClients.PublishAsync(broker.Service, broker.Host, DeviceTopics.For("dev-b", DeviceTopics.Acks), "secret-ack-b");
        await MosquittoClients.PublishAsync(broker, broker.DeviceB, DeviceTopics.For("dev-b", DeviceTopics.Events), "secret-event-b");
        await MosquittoClients.PublishAsync(broker.Service, broker.Host, DeviceTopics.For("dev-a", DeviceTopics.Commands), "command-a");

        await deviceA.WaitForPayloadAsync("command-a");
        Assert.Equal(["es/v1/d/dev-a/cmd command-a"], deviceA.Messages);
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-006")]
    public async Task Host_instances_sharing_a_subscription_receive_every_devices_events_once()
    {
        string filter = DeviceTopics.SharedAllDevices(DeviceTopics.DefaultShareGroup, DeviceTopics.Events);
        await using var first = await MqttSubscriber.StartAsync(broker.Service, broker.Host, filter);
        await using var second = await MqttSubscriber.StartAsync(broker.Service, broker.Host, filter);
        var sent = new List<string>();
        for (int i = 0; i < 4; i++)
        {
            foreach (var device in new[] { broker.DeviceA, broker.DeviceB })
            {
                string payload = $"{device.Name}-shared-{i}";
                Assert.Equal(0, await MosquittoClients.PublishAsync(broker, device, DeviceTopics.For(device.Name, DeviceTopics.Events), payload));
                sent.Add($"es/v1/d/{device.Name}/evt {payload}");
            }
        }

        var deadline = DateTime.UtcNow + MosquittoClients.Timeout;
        while (first.Messages.Count + second.Messages.Count < sent.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var received = first.Messages.Concat(second.Messages).ToList();
        Assert.Equal(sent.Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-006")]
    public async Task The_host_identity_cannot_impersonate_a_device()
    {
        await using var host = await MqttSubscriber.StartAsync(broker.Service, broker.Host, DeviceTopics.AllDevices(DeviceTopics.Events));

        await MosquittoClients.PublishAsync(broker.Service, broker.Host, DeviceTopics.For("dev-a", DeviceTopics.Events), "host-forged-event");
        await MosquittoClients.PublishAsync(broker, broker.DeviceA, DeviceTopics.For("dev-a", DeviceTopics.Events), "genuine-event");

        await host.WaitForPayloadAsync("genuine-event");
        Assert.DoesNotContain(host.Messages, m => m.Contains("host-forged", StringComparison.Ordinal));
    }
}
