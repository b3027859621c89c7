using EdgeSecurity.Mqtt.Packets;

namespace EdgeSecurity.Mqtt.Client;

/// <summary>A message delivered to the application's handler.</summary>
public sealed record MqttApplicationMessage(string Topic, ReadOnlyMemory<byte> Payload, MqttQos Qos, bool Retain, bool Dup);

/// <summary>
/// Handles one incoming message. A QoS 1 message is acknowledged to the broker only after this returns
/// without exception.
/// </summary>
public delegate ValueTask MqttMessageHandler(MqttApplicationMessage message, CancellationToken cancellationToken);
