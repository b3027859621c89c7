using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;

namespace EdgeSecurity.Mqtt.Tests.Client;

public sealed class PacketReaderTests
{
    [Fact]
    [Trait("Requirement", "SR-MQTT-003")]
    public async Task A_length_field_above_the_limit_allocates_nothing_for_the_body()
    {
        // 5 header bytes announcing 256 MiB, followed by an endless supply of body bytes.
        var stream = new EndlessStream([0x30, 0xFF, 0xFF, 0xFF, 0x7F]);
        var reader = new PacketReader(stream, new MqttPacketDecoder(64 * 1024));
        var error = await Assert.ThrowsAsync<MqttProtocolException>(() => reader.ReadAsync(CancellationToken.None).AsTask());
        Assert.Equal(MqttProtocolError.PacketTooLarge, error.Reason);
        Assert.True(reader.BufferCapacity <= 8 * 1024, $"buffer grew to {reader.BufferCapacity} bytes");
        Assert.True(stream.Served < 64 * 1024, $"read {stream.Served} bytes");
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-003")]
    public async Task The_buffer_grows_only_to_the_announced_packet_size()
    {
        var packet = MqttPacketEncoder.Encode(new PublishPacket("big", new byte[40_000]));
        var reader = new PacketReader(new MemoryStream([.. packet, .. packet]), new MqttPacketDecoder(64 * 1024));
        Assert.Equal(40_000, Assert.IsType<PublishPacket>(await reader.ReadAsync(CancellationToken.None)).Payload.Length);
        Assert.Equal(40_000, Assert.IsType<PublishPacket>(await reader.ReadAsync(CancellationToken.None)).Payload.Length);
        Assert.InRange(reader.BufferCapacity, packet.Length, 64 * 1024);
        await Assert.ThrowsAsync<MqttTransportException>(() => reader.ReadAsync(CancellationToken.None).AsTask());
    }

    /// <summary>Serves a prefix, then 0x41 bytes forever.</summary>
    private sealed class EndlessStream(byte[] prefix) : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++)
            {
                buffer[offset + i] = Served + i < prefix.Length ? prefix[Served + i] : (byte)0x41;
            }

            Served += count;
            return count;
        }

        public override void Flush() => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
