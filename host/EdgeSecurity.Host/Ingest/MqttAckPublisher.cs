using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;
using EdgeSecurity.Pki.Topics;

namespace EdgeSecurity.Host.Ingest;

/// <summary>Publishes acks (QoS 1) on the ingest service's own connection, once it exists.</summary>
public sealed class MqttAckPublisher : IAckPublisher
{
    private MqttClient? _client;

    internal void Attach(MqttClient client) => _client = client;

    public Task PublishAckAsync(string deviceId, byte[] ack, CancellationToken cancellationToken)
    {
        var client = _client ?? throw new InvalidOperationException("The ingest connection is not established yet.");
        return client.PublishAsync(DeviceTopics.For(deviceId, DeviceTopics.Acks), ack, MqttQos.AtLeastOnce, retain: false, cancellationToken);
    }
}
