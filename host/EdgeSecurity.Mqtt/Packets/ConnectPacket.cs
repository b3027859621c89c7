namespace EdgeSecurity.Mqtt.Packets;

/// <summary>CONNECT (protocol name "MQTT", level 4 = MQTT 3.1.1).</summary>
public sealed record ConnectPacket(
    string ClientId,
    bool CleanSession,
    ushort KeepAliveSeconds,
    string? Username = null,
    ReadOnlyMemory<byte>? Password = null,
    MqttWill? Will = null) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Connect;
}
