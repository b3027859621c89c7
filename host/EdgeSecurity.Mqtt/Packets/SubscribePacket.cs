namespace EdgeSecurity.Mqtt.Packets;

/// <summary>SUBSCRIBE with at least one topic filter.</summary>
public sealed record SubscribePacket(ushort PacketId, IReadOnlyList<MqttTopicFilter> Filters) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Subscribe;
}
