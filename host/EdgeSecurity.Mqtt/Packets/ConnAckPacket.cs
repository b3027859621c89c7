namespace EdgeSecurity.Mqtt.Packets;

/// <summary>CONNACK: whether the broker kept the session, and whether it accepted the connection.</summary>
public sealed record ConnAckPacket(bool SessionPresent, MqttConnectReturnCode ReturnCode) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.ConnAck;
}
