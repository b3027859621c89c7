namespace EdgeSecurity.Mqtt.Packets;

/// <summary>The will message the broker publishes when the client disappears without DISCONNECT.</summary>
public sealed record MqttWill(string Topic, ReadOnlyMemory<byte> Payload, MqttQos Qos = MqttQos.AtLeastOnce, bool Retain = false);
