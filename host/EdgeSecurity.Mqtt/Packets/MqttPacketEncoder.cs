using System.Buffers.Binary;
using System.Text;

namespace EdgeSecurity.Mqtt.Packets;

/// <summary>Writes MQTT 3.1.1 packets. Input that cannot be encoded is an <see cref="ArgumentException"/>.</summary>
public static class MqttPacketEncoder
{
    /// <summary>Largest remaining length the 4-byte variable length encoding can carry.</summary>
    public const int MaxRemainingLength = 268_435_455;

    private static readonly byte[] ProtocolName = "MQTT"u8.ToArray();

    /// <summary>Encodes <paramref name="packet"/> into a new array of exactly its size.</summary>
    public static byte[] Encode(MqttPacket packet)
    {
        var buffer = new byte[GetEncodedSize(packet)];
        Encode(packet, buffer);
        return buffer;
    }

    /// <summary>Number of bytes <see cref="Encode(MqttPacket, Span{byte})"/> writes.</summary>
    public static int GetEncodedSize(MqttPacket packet)
    {
        var remaining = GetRemainingLength(packet);
        return 1 + VariableLengthSize(remaining) + remaining;
    }

    /// <summary>Encodes <paramref name="packet"/> at the start of <paramref name="destination"/>; returns the size.</summary>
    public static int Encode(MqttPacket packet, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var remaining = GetRemainingLength(packet);
        var writer = new SpanWriter(destination);
        writer.Byte((byte)(((byte)packet.Type << 4) | FixedHeaderFlags(packet)));
        writer.VariableLength(remaining);
        switch (packet)
        {
            case ConnectPacket connect:
                WriteConnect(ref writer, connect);
                break;
            case ConnAckPacket connAck:
                writer.Byte(connAck.SessionPresent ? (byte)1 : (byte)0);
                writer.Byte((byte)connAck.ReturnCode);
                break;
            case PublishPacket publish:
                writer.String(publish.Topic);
                if (publish.Qos != MqttQos.AtMostOnce)
                {
                    writer.UInt16(publish.PacketId);
                }

                writer.Bytes(publish.Payload.Span);
                break;
            case PacketIdPacket ack:
                writer.UInt16(ack.PacketId);
                break;
            case SubscribePacket subscribe:
                writer.UInt16(subscribe.PacketId);
                foreach (var filter in subscribe.Filters)
                {
                    writer.String(filter.Filter);
                    writer.Byte((byte)filter.MaximumQos);
                }

                break;
            case SubAckPacket subAck:
                writer.UInt16(subAck.PacketId);
                foreach (var code in subAck.ReturnCodes)
                {
                    writer.Byte((byte)code);
                }

                break;
            case UnsubscribePacket unsubscribe:
                writer.UInt16(unsubscribe.PacketId);
                foreach (var filter in unsubscribe.Filters)
                {
                    writer.String(filter);
                }

                break;
            case EmptyPacket:
                break;
            default:
                throw new ArgumentException($"Unknown packet type {packet.GetType().Name}.", nameof(packet));
        }

        return writer.Position;
    }

    /// <summary>Size of the variable length encoding of <paramref name="value"/> (1 to 4 bytes).</summary>
    internal static int VariableLengthSize(int value) => value switch
    {
        < 128 => 1,
        < 16_384 => 2,
        < 2_097_152 => 3,
        _ => 4,
    };

    private static byte FixedHeaderFlags(MqttPacket packet) => packet switch
    {
        PublishPacket p => (byte)((p.Dup ? 0x08 : 0) | ((byte)p.Qos << 1) | (p.Retain ? 0x01 : 0)),
        PacketIdPacket { Kind: MqttPacketType.PubRel } => 0x02,
        SubscribePacket or UnsubscribePacket => 0x02,
        _ => 0,
    };

    private static int GetRemainingLength(MqttPacket packet)
    {
        var length = packet switch
        {
            ConnectPacket c => ConnectLength(c),
            ConnAckPacket => 2,
            PublishPacket p => PublishLength(p),
            PacketIdPacket => 2,
            SubscribePacket s => SubscribeLength(s),
            SubAckPacket s => SubAckLength(s),
            UnsubscribePacket u => UnsubscribeLength(u),
            EmptyPacket => 0L,
            null => throw new ArgumentNullException(nameof(packet)),
            _ => throw new ArgumentException($"Unknown packet type {packet.GetType().Name}.", nameof(packet)),
        };
        if (length > MaxRemainingLength)
        {
            throw new ArgumentException($"The {packet.Type} packet is {length} bytes long; MQTT allows at most {MaxRemainingLength}.", nameof(packet));
        }

        return (int)length;
    }

    private static long ConnectLength(ConnectPacket c)
    {
        CheckQos(c.Will?.Qos ?? MqttQos.AtMostOnce);
        if (c.Password is not null && c.Username is null)
        {
            throw new ArgumentException("MQTT 3.1.1 does not allow a password without a user name.", nameof(c));
        }

        long length = 2 + ProtocolName.Length + 1 + 1 + 2 + StringSize(c.ClientId);
        if (c.Will is not null)
        {
            length += StringSize(c.Will.Topic) + BinarySize(c.Will.Payload.Length);
        }

        if (c.Username is not null)
        {
            length += StringSize(c.Username);
        }

        if (c.Password is not null)
        {
            length += BinarySize(c.Password.Value.Length);
        }

        return length;
    }

    private static long PublishLength(PublishPacket p)
    {
        CheckQos(p.Qos);
        if ((p.Qos == MqttQos.AtMostOnce) != (p.PacketId == 0))
        {
            throw new ArgumentException("A PUBLISH has a packet id (not 0) exactly when its QoS is above 0.", nameof(p));
        }

        if (p.Qos == MqttQos.AtMostOnce && p.Dup)
        {
            throw new ArgumentException("A QoS 0 PUBLISH must not have the DUP flag.", nameof(p));
        }

        return StringSize(p.Topic) + (p.Qos == MqttQos.AtMostOnce ? 0 : 2) + (long)p.Payload.Length;
    }

    private static long SubscribeLength(SubscribePacket s)
    {
        RequireList(s.Filters.Count, "SUBSCRIBE");
        long length = 2;
        foreach (var filter in s.Filters)
        {
            CheckQos(filter.MaximumQos);
            length += StringSize(filter.Filter) + 1;
        }

        return length;
    }

    private static long SubAckLength(SubAckPacket s)
    {
        RequireList(s.ReturnCodes.Count, "SUBACK");
        return 2L + s.ReturnCodes.Count;
    }

    private static long UnsubscribeLength(UnsubscribePacket u)
    {
        RequireList(u.Filters.Count, "UNSUBSCRIBE");
        long length = 2;
        foreach (var filter in u.Filters)
        {
            length += StringSize(filter);
        }

        return length;
    }

    private static void RequireList(int count, string packetName)
    {
        if (count == 0)
        {
            throw new ArgumentException($"A {packetName} needs at least one entry.");
        }
    }

    private static void CheckQos(MqttQos qos)
    {
        if ((byte)qos > 2)
        {
            throw new ArgumentException($"QoS {(byte)qos} does not exist.");
        }
    }

    private static long StringSize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return BinarySize(Encoding.UTF8.GetByteCount(value));
    }

    private static long BinarySize(int length)
    {
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException($"A length-prefixed MQTT field holds at most 65535 bytes, not {length}.");
        }

        return 2L + length;
    }

    private ref struct SpanWriter(Span<byte> destination)
    {
        private readonly Span<byte> _destination = destination;

        public int Position { get; private set; }

        public void Byte(byte value) => _destination[Position++] = value;

        public void UInt16(ushort value)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_destination[Position..], value);
            Position += 2;
        }

        public void Bytes(ReadOnlySpan<byte> value)
        {
            value.CopyTo(_destination[Position..]);
            Position += value.Length;
        }

        public void String(string value)
        {
            var length = Encoding.UTF8.GetBytes(value, _destination[(Position + 2)..]);
            UInt16((ushort)length);
            Position += length;
        }

        public void Binary(ReadOnlySpan<byte> value)
        {
            UInt16((ushort)value.Length);
            Bytes(value);
        }

        public void VariableLength(int value)
        {
            do
            {
                var digit = (byte)(value % 128);
                value /= 128;
                Byte(value > 0 ? (byte)(digit | 0x80) : digit);
            }
            while (value > 0);
        }
    }

    private static void WriteConnect(ref SpanWriter writer, ConnectPacket c)
    {
        writer.Binary(ProtocolName);
        writer.Byte(4);
        var flags = (c.CleanSession ? 0x02 : 0)
            | (c.Will is null ? 0 : 0x04 | ((byte)c.Will.Qos << 3) | (c.Will.Retain ? 0x20 : 0))
            | (c.Password is null ? 0 : 0x40)
            | (c.Username is null ? 0 : 0x80);
        writer.Byte((byte)flags);
        writer.UInt16(c.KeepAliveSeconds);
        writer.String(c.ClientId);
        if (c.Will is not null)
        {
            writer.String(c.Will.Topic);
            writer.Binary(c.Will.Payload.Span);
        }

        if (c.Username is not null)
        {
            writer.String(c.Username);
        }

        if (c.Password is not null)
        {
            writer.Binary(c.Password.Value.Span);
        }
    }
}
