namespace EdgeSecurity.Mqtt.Packets;

/// <summary>SUBACK: one return code per filter of the SUBSCRIBE, in the same order.</summary>
public sealed record SubAckPacket(ushort PacketId, IReadOnlyList<MqttSubAckCode> ReturnCodes) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.SubAck;
}
