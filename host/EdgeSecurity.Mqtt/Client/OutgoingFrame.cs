using System.Buffers;

namespace EdgeSecurity.Mqtt.Client;

/// <summary>Encoded bytes waiting for the writer loop; pooled frames go back to the pool once written.</summary>
internal readonly record struct OutgoingFrame(byte[] Buffer, int Length, bool Pooled)
{
    public void Release()
    {
        if (Pooled)
        {
            ArrayPool<byte>.Shared.Return(Buffer);
        }
    }
}
