using System.Buffers.Binary;
using System.Text;

namespace EdgeSecurity.Mqtt.Packets;

/// <summary>Reads the fields of one packet body; any read past the end is a protocol error, never an exception of another type.</summary>
internal ref struct PacketBodyReader(ReadOnlySpan<byte> body, MqttPacketType type)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _body = body;
    private int _position;

    public readonly MqttPacketType Type { get; } = type;

    public readonly bool AtEnd => _position == _body.Length;

    public byte Byte() => Take(1)[0];

    public ushort UInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public ushort PacketId()
    {
        var id = UInt16();
        return id != 0 ? id : throw new MqttProtocolException(MqttProtocolError.ZeroPacketId, $"{Type} with packet identifier 0");
    }

    public ReadOnlySpan<byte> Binary() => Take(UInt16());

    public string String()
    {
        var bytes = Binary();
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidUtf8, $"{Type} carries a string that is not well-formed UTF-8");
        }

        return text.Contains('\0', StringComparison.Ordinal)
            ? throw new MqttProtocolException(MqttProtocolError.InvalidUtf8, $"{Type} carries a string containing U+0000")
            : text;
    }

    public ReadOnlySpan<byte> Rest() => Take(_body.Length - _position);

    public readonly void ExpectEnd()
    {
        if (!AtEnd)
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidLength, $"{Type} has {_body.Length - _position} unexpected trailing bytes");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (_body.Length - _position < count)
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidLength, $"{Type} is shorter than its fields");
        }

        var slice = _body.Slice(_position, count);
        _position += count;
        return slice;
    }
}
