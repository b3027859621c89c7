using EdgeSecurity.Mqtt.Packets;

namespace EdgeSecurity.Mqtt.Client;

/// <summary>
/// Reads whole packets from a stream. The buffer grows only to hold a packet whose header the decoder has
/// already accepted, so it never exceeds the packet size limit.
/// </summary>
internal sealed class PacketReader(Stream stream, MqttPacketDecoder decoder)
{
    private const int InitialBufferSize = 8 * 1024;

    private byte[] buffer = new byte[InitialBufferSize];
    private int start;
    private int end;

    /// <summary>Current receive buffer size, for tests that check memory stays bounded.</summary>
    internal int BufferCapacity => buffer.Length;

    public async ValueTask<MqttPacket> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (end > start && decoder.TryDecode(buffer.AsSpan(start, end - start), out var packet, out var consumed))
            {
                start += consumed;
                if (start == end)
                {
                    start = end = 0;
                }

                return packet!;
            }

            MakeRoom();
            int read;
            try
            {
                read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new MqttTransportException($"Reading from the broker failed: {ex.Message}", ex);
            }

            if (read == 0)
            {
                throw new MqttTransportException(end > start ? "The broker closed the connection in the middle of a packet." : "The broker closed the connection.");
            }

            end += read;
        }
    }

    private void MakeRoom()
    {
        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }

        var needed = end + 1;
        if (decoder.TryReadFixedHeader(buffer.AsSpan(0, end), out _, out var remaining, out var header))
        {
            needed = header + remaining;
        }

        if (needed > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(needed, Math.Min(buffer.Length * 2, decoder.MaxPacketSize)));
        }
    }
}
