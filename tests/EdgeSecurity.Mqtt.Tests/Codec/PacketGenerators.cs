using EdgeSecurity.Mqtt.Packets;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSecurity.Mqtt.Tests.Codec;

/// <summary>FsCheck generators for every MQTT 3.1.1 packet type, with valid field values.</summary>
internal static class PacketGenerators
{
    private static readonly string[] Levels = ["a", "devices", "dev-42", "events", "é", "日本", "x y", "😀", ""];

    public static Gen<ushort> PacketId => Gen.Choose(1, ushort.MaxValue).Select(i => (ushort)i);

    public static Gen<string> TopicName =>
        Gen.NonEmptyListOf(Gen.Elements(Levels)).Select(levels => string.Join('/', levels)).Where(t => t.Length > 0);

    public static Gen<string> TopicFilter =>
        from name in TopicName
        from variant in Gen.Choose(0, 3)
        select variant switch
        {
            0 => name,
            1 => name + "/#",
            2 => "+/" + name,
            _ => "#",
        };

    public static Gen<byte[]> Payload => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b));

    public static Gen<MqttQos> Qos01 => Gen.Elements(MqttQos.AtMostOnce, MqttQos.AtLeastOnce);

    public static Gen<MqttQos> AnyQos => Gen.Elements(MqttQos.AtMostOnce, MqttQos.AtLeastOnce, MqttQos.ExactlyOnce);

    public static Gen<MqttPacket> AnyPacket => Gen.OneOf(
        Connect,
        ConnAck,
        Publish,
        from kind in Gen.Elements(MqttPacketType.PubAck, MqttPacketType.PubRec, MqttPacketType.PubRel, MqttPacketType.PubComp, MqttPacketType.UnsubAck)
        from id in PacketId
        select (MqttPacket)new PacketIdPacket(kind, id),
        from id in PacketId
        from filters in Gen.NonEmptyListOf(from f in TopicFilter from q in AnyQos select new MqttTopicFilter(f, q))
        select (MqttPacket)new SubscribePacket(id, filters.ToList()),
        from id in PacketId
        from codes in Gen.NonEmptyListOf(Gen.Elements(MqttSubAckCode.GrantedQos0, MqttSubAckCode.GrantedQos1, MqttSubAckCode.GrantedQos2, MqttSubAckCode.Failure))
        select (MqttPacket)new SubAckPacket(id, codes.ToList()),
        from id in PacketId
        from filters in Gen.NonEmptyListOf(TopicFilter)
        select (MqttPacket)new UnsubscribePacket(id, filters.ToList()),
        Gen.Elements<MqttPacket>(EmptyPacket.PingReq, EmptyPacket.PingResp, EmptyPacket.Disconnect));

    /// <summary>Valid packets encoded; used as seeds for truncation and mutation.</summary>
    public static Gen<byte[]> EncodedPacket => AnyPacket.Select(MqttPacketEncoder.Encode);

    private static Gen<MqttPacket> Connect =>
        from clientId in Gen.Elements("", "device-1", "ünïcode-id", new string('c', 200))
        from clean in Gen.Elements(true, false)
        from keepAlive in Gen.Choose(0, ushort.MaxValue)
        from username in Gen.Elements<string?>(null, "", "operator")
        from password in Gen.Elements<byte[]?>(null, [], [1, 2, 3])
        from will in Gen.OneOf(
            Gen.Constant<MqttWill?>(null),
            from topic in TopicName
            from payload in Payload
            from qos in AnyQos
            from retain in Gen.Elements(true, false)
            select (MqttWill?)new MqttWill(topic, payload, qos, retain))
        select (MqttPacket)new ConnectPacket(clientId, clean, (ushort)keepAlive, username, PasswordFor(username, password), will);

    // A null byte[] would silently convert to an empty, present password: keep "absent" explicit.
    private static ReadOnlyMemory<byte>? PasswordFor(string? username, byte[]? password) =>
        username is null || password is null ? (ReadOnlyMemory<byte>?)null : password;

    private static Gen<MqttPacket> ConnAck =>
        from code in Gen.Choose(0, 5)
        from present in Gen.Elements(true, false)
        select (MqttPacket)new ConnAckPacket(code == 0 && present, (MqttConnectReturnCode)code);

    private static Gen<MqttPacket> Publish =>
        from topic in TopicName
        from payload in Payload
        from qos in AnyQos
        from retain in Gen.Elements(true, false)
        from dup in Gen.Elements(true, false)
        from id in PacketId
        select (MqttPacket)new PublishPacket(topic, payload, qos, retain, dup && qos != MqttQos.AtMostOnce, qos == MqttQos.AtMostOnce ? (ushort)0 : id);
}
