namespace EdgeSecurity.Mqtt.Packets;

/// <summary>Decodes CONNECT (used by test peers and for round-trip checks; the client never receives it).</summary>
internal static class ConnectDecoder
{
    public static ConnectPacket Decode(ref PacketBodyReader body)
    {
        var protocol = body.String();
        var level = body.Byte();
        if (protocol != "MQTT" || level != 4)
        {
            throw new MqttProtocolException(MqttProtocolError.UnsupportedProtocol, $"protocol '{protocol}' level {level} is not MQTT 3.1.1");
        }

        var flags = body.Byte();
        var hasWill = (flags & 0x04) != 0;
        var willQos = (flags >> 3) & 0x03;
        var willRetain = (flags & 0x20) != 0;
        var hasPassword = (flags & 0x40) != 0;
        var hasUsername = (flags & 0x80) != 0;
        if ((flags & 0x01) != 0 || willQos == 3 || (!hasWill && (willQos != 0 || willRetain)) || (hasPassword && !hasUsername))
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidConnectFlags, $"CONNECT flags {flags:X2} are inconsistent");
        }

        var keepAlive = body.UInt16();
        var clientId = body.String();
        MqttWill? will = null;
        if (hasWill)
        {
            var topic = body.String();
            var problem = MqttTopic.CheckName(topic);
            if (problem is not null)
            {
                throw new MqttProtocolException(MqttProtocolError.InvalidTopicName, problem);
            }

            will = new MqttWill(topic, body.Binary().ToArray(), (MqttQos)willQos, willRetain);
        }

        var username = hasUsername ? body.String() : null;
        ReadOnlyMemory<byte>? password = hasPassword ? body.Binary().ToArray() : (ReadOnlyMemory<byte>?)null;
        return new ConnectPacket(clientId, (flags & 0x02) != 0, keepAlive, username, password, will);
    }
}
