namespace EdgeSecurity.Mqtt.Packets;

/// <summary>The packets without variable header or payload: PINGREQ, PINGRESP, DISCONNECT.</summary>
public sealed record EmptyPacket : MqttPacket
{
    public static readonly EmptyPacket PingReq = new(MqttPacketType.PingReq);
    public static readonly EmptyPacket PingResp = new(MqttPacketType.PingResp);
    public static readonly EmptyPacket Disconnect = new(MqttPacketType.Disconnect);

    private EmptyPacket(MqttPacketType kind) => Kind = kind;

    public MqttPacketType Kind { get; }

    public override MqttPacketType Type => Kind;

    internal static EmptyPacket For(MqttPacketType kind) => kind switch
    {
        MqttPacketType.PingReq => PingReq,
        MqttPacketType.PingResp => PingResp,
        MqttPacketType.Disconnect => Disconnect,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an empty packet type"),
    };
}
