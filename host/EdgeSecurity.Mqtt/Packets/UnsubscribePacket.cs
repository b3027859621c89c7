namespace EdgeSecurity.Mqtt.Packets;

/// <summary>UNSUBSCRIBE with at least one topic filter.</summary>
public sealed record UnsubscribePacket(ushort PacketId, IReadOnlyList<string> Filters) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Unsubscribe;
}
