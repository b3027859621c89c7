namespace EdgeSecurity.Mqtt.Packets;

/// <summary>A decoded MQTT control packet. Each packet type is its own record.</summary>
public abstract record MqttPacket
{
    public abstract MqttPacketType Type { get; }
}
