using EdgeSecurity.Mqtt.Packets;

namespace EdgeSecurity.Mqtt.Client;

/// <summary>
/// Reads whole packets from a stream. The buffer grows only to hold a packet whose header the decoder has
/// already accepted, so it never exceeds the packet size limit.
/// </summary>
internal sealed class PacketReader(Stream stream, MqttPacketDecoder decoder)
{
    private const int InitialBufferSize = 8 * 1024;

    private byte[] _buffer = new byte[InitialBufferSize];
    private int _start;
    private int _end;

    /// <summary>Current receive buffer size, for tests that check memory stays bounded.</summary>
    internal int BufferCapacity => _buffer.Length;

    public async ValueTask<MqttPacket> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_end > _start && decoder.TryDecode(_buffer.AsSpan(_start, _end - _start), out var packet, out var consumed))
            {
                _start += consumed;
                if (_start == _end)
                {
                    _start = _end = 0;
                }

                return packet!;
            }

            MakeRoom();
            int read;
            try
            {
                read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new MqttTransportException($"Reading from the broker failed: {ex.Message}", ex);
            }

            if (read == 0)
            {
                throw new MqttTransportException(_end > _start ? "The broker closed the connection in the middle of a packet." : "The broker closed the connection.");
            }

            _end += read;
        }
    }

    private void MakeRoom()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        var needed = _end + 1;
        if (decoder.TryReadFixedHeader(_buffer.AsSpan(0, _end), out _, out var remaining, out var header))
        {
            needed = header + remaining;
        }

        if (needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(needed, Math.Min(_buffer.Length * 2, decoder.MaxPacketSize)));
        }
    }
}
