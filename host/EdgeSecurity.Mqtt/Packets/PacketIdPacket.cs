namespace EdgeSecurity.Mqtt.Packets;

/// <summary>
/// The packets whose whole content is a packet identifier: PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK.
/// </summary>
public sealed record PacketIdPacket : MqttPacket
{
    public PacketIdPacket(MqttPacketType kind, ushort packetId)
    {
        if (!IsPacketIdOnly(kind))
        {
            throw new ArgumentException($"{kind} is not a packet-identifier-only packet.", nameof(kind));
        }

        Kind = kind;
        PacketId = packetId;
    }

    public MqttPacketType Kind { get; }

    public ushort PacketId { get; }

    public override MqttPacketType Type => Kind;

    internal static bool IsPacketIdOnly(MqttPacketType kind) => kind is MqttPacketType.PubAck or MqttPacketType.PubRec
        or MqttPacketType.PubRel or MqttPacketType.PubComp or MqttPacketType.UnsubAck;
}
