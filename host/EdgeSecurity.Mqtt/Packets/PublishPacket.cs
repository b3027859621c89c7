namespace EdgeSecurity.Mqtt.Packets;

/// <summary>PUBLISH. <see cref="PacketId"/> is 0 exactly when <see cref="Qos"/> is 0.</summary>
public sealed record PublishPacket(
    string Topic,
    ReadOnlyMemory<byte> Payload,
    MqttQos Qos = MqttQos.AtMostOnce,
    bool Retain = false,
    bool Dup = false,
    ushort PacketId = 0) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Publish;
}
