namespace EdgeSecurity.Mqtt.Packets;

/// <summary>
/// Strict, incremental MQTT 3.1.1 decoder. <see cref="TryDecode"/> either returns one packet, says it needs
/// more bytes, or throws <see cref="MqttProtocolException"/>. The packet size limit is checked as soon as the
/// fixed header is complete, before anything is allocated for the body.
/// </summary>
public sealed class MqttPacketDecoder
{
    /// <summary>Default limit for one incoming packet (fixed header included): 1 MiB.</summary>
    public const int DefaultMaxPacketSize = 1024 * 1024;

    public MqttPacketDecoder(int maxPacketSize = DefaultMaxPacketSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPacketSize, 2);
        MaxPacketSize = maxPacketSize;
    }

    public int MaxPacketSize { get; }

    /// <summary>
    /// Decodes the packet at the start of <paramref name="buffer"/>. Returns false, with
    /// <paramref name="consumed"/> = 0, when the buffer holds only a prefix of a packet.
    /// </summary>
    public bool TryDecode(ReadOnlySpan<byte> buffer, out MqttPacket? packet, out int consumed)
    {
        packet = null;
        consumed = 0;
        if (!TryReadFixedHeader(buffer, out var first, out var remainingLength, out var headerLength))
        {
            return false;
        }

        if (buffer.Length - headerLength < remainingLength)
        {
            return false;
        }

        var type = (MqttPacketType)(first >> 4);
        var flags = first & 0x0F;
        var body = new PacketBodyReader(buffer.Slice(headerLength, remainingLength), type);
        packet = type switch
        {
            MqttPacketType.Connect => ConnectDecoder.Decode(ref body),
            MqttPacketType.ConnAck => DecodeConnAck(ref body),
            MqttPacketType.Publish => DecodePublish(ref body, flags),
            MqttPacketType.Subscribe => DecodeSubscribe(ref body),
            MqttPacketType.SubAck => DecodeSubAck(ref body),
            MqttPacketType.Unsubscribe => DecodeUnsubscribe(ref body),
            MqttPacketType.PingReq or MqttPacketType.PingResp or MqttPacketType.Disconnect => EmptyPacket.For(type),
            _ => DecodePacketIdOnly(ref body, type),
        };
        body.ExpectEnd();
        consumed = headerLength + remainingLength;
        return true;
    }

    /// <summary>
    /// Reads and validates the fixed header (type, flags, remaining length, size limit). Returns false when
    /// the buffer is too short to hold the whole fixed header.
    /// </summary>
    public bool TryReadFixedHeader(ReadOnlySpan<byte> buffer, out byte first, out int remainingLength, out int headerLength)
    {
        first = 0;
        remainingLength = 0;
        headerLength = 0;
        if (buffer.IsEmpty)
        {
            return false;
        }

        first = buffer[0];
        CheckTypeAndFlags(first);
        var multiplier = 1;
        for (var i = 1; ; i++)
        {
            if (i > 4)
            {
                throw new MqttProtocolException(MqttProtocolError.MalformedRemainingLength, "the remaining length uses more than 4 bytes");
            }

            if (i >= buffer.Length)
            {
                return false;
            }

            var digit = buffer[i];
            if (i > 1 && digit == 0)
            {
                // 0x80 0x00 would be a second, longer encoding of a shorter value: reject non-minimal forms.
                throw new MqttProtocolException(MqttProtocolError.MalformedRemainingLength, "the remaining length is not minimally encoded");
            }

            remainingLength += (digit & 0x7F) * multiplier;
            multiplier *= 128;
            if ((digit & 0x80) == 0)
            {
                headerLength = i + 1;
                break;
            }
        }

        if ((long)headerLength + remainingLength > MaxPacketSize)
        {
            throw new MqttProtocolException(
                MqttProtocolError.PacketTooLarge,
                $"a {(MqttPacketType)(first >> 4)} packet of {headerLength + (long)remainingLength} bytes exceeds the limit of {MaxPacketSize} bytes");
        }

        CheckFixedLength((MqttPacketType)(first >> 4), remainingLength);
        return true;
    }

    private static void CheckTypeAndFlags(byte first)
    {
        var type = (MqttPacketType)(first >> 4);
        var flags = first & 0x0F;
        if (first >> 4 is 0 or 15)
        {
            throw new MqttProtocolException(MqttProtocolError.ReservedPacketType, $"packet type {first >> 4} is reserved");
        }

        var expected = type switch
        {
            MqttPacketType.Publish => -1,
            MqttPacketType.PubRel or MqttPacketType.Subscribe or MqttPacketType.Unsubscribe => 0x02,
            _ => 0,
        };
        if (expected >= 0 && flags != expected)
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidFixedHeaderFlags, $"{type} must have flags {expected:X1}, not {flags:X1}");
        }

        if (type == MqttPacketType.Publish)
        {
            var qos = (flags >> 1) & 0x03;
            if (qos == 3)
            {
                throw new MqttProtocolException(MqttProtocolError.InvalidQos, "PUBLISH with QoS 3");
            }

            if (qos == 0 && (flags & 0x08) != 0)
            {
                throw new MqttProtocolException(MqttProtocolError.InvalidFixedHeaderFlags, "PUBLISH with QoS 0 must not have the DUP flag");
            }
        }
    }

    private static void CheckFixedLength(MqttPacketType type, int remainingLength)
    {
        var expected = type switch
        {
            MqttPacketType.ConnAck => 2,
            MqttPacketType.PingReq or MqttPacketType.PingResp or MqttPacketType.Disconnect => 0,
            _ when PacketIdPacket.IsPacketIdOnly(type) => 2,
            _ => -1,
        };
        if (expected >= 0 && remainingLength != expected)
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidLength, $"{type} must have a remaining length of {expected}, not {remainingLength}");
        }
    }

    private static ConnAckPacket DecodeConnAck(ref PacketBodyReader body)
    {
        var acknowledgeFlags = body.Byte();
        var code = body.Byte();
        if ((acknowledgeFlags & 0xFE) != 0)
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidConnAck, $"reserved CONNACK flag bits are set ({acknowledgeFlags:X2})");
        }

        if (code > 5)
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidReturnCode, $"CONNACK return code {code} is not defined");
        }

        var sessionPresent = (acknowledgeFlags & 1) != 0;
        if (sessionPresent && code != 0)
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidConnAck, "a refused CONNACK must not report a present session");
        }

        return new ConnAckPacket(sessionPresent, (MqttConnectReturnCode)code);
    }

    private static PublishPacket DecodePublish(ref PacketBodyReader body, int flags)
    {
        var qos = (MqttQos)((flags >> 1) & 0x03);
        var topic = body.String();
        var problem = MqttTopic.CheckName(topic);
        if (problem is not null)
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidTopicName, problem);
        }

        var packetId = qos == MqttQos.AtMostOnce ? (ushort)0 : body.PacketId();
        var payload = body.Rest().ToArray();
        return new PublishPacket(topic, payload, qos, (flags & 0x01) != 0, (flags & 0x08) != 0, packetId);
    }

    private static SubscribePacket DecodeSubscribe(ref PacketBodyReader body)
    {
        var packetId = body.PacketId();
        var filters = new List<MqttTopicFilter>();
        do
        {
            var filter = ReadFilter(ref body);
            var options = body.Byte();
            if (options > 2)
            {
                throw new MqttProtocolException(MqttProtocolError.InvalidQos, $"requested QoS byte {options:X2} is not 0, 1 or 2");
            }

            filters.Add(new MqttTopicFilter(filter, (MqttQos)options));
        }
        while (!body.AtEnd);
        return new SubscribePacket(packetId, filters);
    }

    private static SubAckPacket DecodeSubAck(ref PacketBodyReader body)
    {
        var packetId = body.PacketId();
        var codes = new List<MqttSubAckCode>();
        if (body.AtEnd)
        {
            throw new MqttProtocolException(MqttProtocolError.EmptyPayload, "SUBACK without return codes");
        }

        while (!body.AtEnd)
        {
            var code = body.Byte();
            if (code is > 2 and not 0x80)
            {
                throw new MqttProtocolException(MqttProtocolError.InvalidReturnCode, $"SUBACK return code {code:X2} is not defined");
            }

            codes.Add((MqttSubAckCode)code);
        }

        return new SubAckPacket(packetId, codes);
    }

    private static UnsubscribePacket DecodeUnsubscribe(ref PacketBodyReader body)
    {
        var packetId = body.PacketId();
        var filters = new List<string>();
        do
        {
            filters.Add(ReadFilter(ref body));
        }
        while (!body.AtEnd);
        return new UnsubscribePacket(packetId, filters);
    }

    private static string ReadFilter(ref PacketBodyReader body)
    {
        if (body.AtEnd)
        {
            throw new MqttProtocolException(MqttProtocolError.EmptyPayload, $"{body.Type} without topic filters");
        }

        var filter = body.String();
        var problem = MqttTopic.CheckFilter(filter);
        return problem is null ? filter : throw new MqttProtocolException(MqttProtocolError.InvalidTopicFilter, problem);
    }

    private static PacketIdPacket DecodePacketIdOnly(ref PacketBodyReader body, MqttPacketType type) => new(type, body.PacketId());
}
