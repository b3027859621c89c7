using System.Buffers;
using EdgeSecurity.Mqtt.Packets;

namespace EdgeSecurity.Mqtt.Client;

/// <summary>Encoded bytes waiting for the writer loop; pooled frames go back to the pool once written.</summary>
internal readonly record struct OutgoingFrame(byte[] Buffer, int Length, bool Pooled)
{
    /// <summary>Encodes <paramref name="packet"/> into a pooled buffer.</summary>
    public static OutgoingFrame Rent(MqttPacket packet)
    {
        var size = MqttPacketEncoder.GetEncodedSize(packet);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        MqttPacketEncoder.Encode(packet, buffer);
        return new OutgoingFrame(buffer, size, Pooled: true);
    }

    public void Release()
    {
        if (Pooled)
        {
            ArrayPool<byte>.Shared.Return(Buffer);
        }
    }
}
