using EdgeSecurity.Mqtt.Packets;

namespace EdgeSecurity.Mqtt.Tests.Codec;

public sealed class DecoderExampleTests
{
    [Fact]
    public void Decodes_a_known_qos1_publish()
    {
        // PUBLISH, QoS 1, retain; topic "a/b", packet id 10, payload "hi".
        byte[] bytes = [0x33, 0x09, 0x00, 0x03, (byte)'a', (byte)'/', (byte)'b', 0x00, 0x0A, (byte)'h', (byte)'i'];
        Assert.True(new MqttPacketDecoder().TryDecode(bytes, out var packet, out var consumed));
        var publish = Assert.IsType<PublishPacket>(packet);
        Assert.Equal(11, consumed);
        Assert.Equal("a/b", publish.Topic);
        Assert.Equal(MqttQos.AtLeastOnce, publish.Qos);
        Assert.True(publish.Retain);
        Assert.Equal(10, publish.PacketId);
        Assert.Equal("hi"u8.ToArray(), publish.Payload.ToArray());
    }

    [Fact]
    public void Encodes_connect_as_the_specification_lays_it_out()
    {
        var bytes = MqttPacketEncoder.Encode(new ConnectPacket("c1", CleanSession: true, 60, "u", "p"u8.ToArray()));
        byte[] expected = [0x10, 0x14, 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, 0xC2, 0, 60, 0, 2, (byte)'c', (byte)'1', 0, 1, (byte)'u', 0, 1, (byte)'p'];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void Decodes_two_packets_back_to_back_one_at_a_time()
    {
        byte[] bytes = [0xD0, 0x00, 0x40, 0x02, 0x00, 0x07];
        var decoder = new MqttPacketDecoder();
        Assert.True(decoder.TryDecode(bytes, out var first, out var used));
        Assert.Equal(EmptyPacket.PingResp, first);
        Assert.True(decoder.TryDecode(bytes.AsSpan(used), out var second, out _));
        Assert.Equal(new PacketIdPacket(MqttPacketType.PubAck, 7), second);
    }

    [Theory]
    [Trait("Requirement", "SR-MQTT-004")]
    [InlineData(new byte[] { 0x00, 0x00 }, MqttProtocolError.ReservedPacketType)]
    [InlineData(new byte[] { 0xF0, 0x00 }, MqttProtocolError.ReservedPacketType)]
    [InlineData(new byte[] { 0x21, 0x02, 0x00, 0x00 }, MqttProtocolError.InvalidFixedHeaderFlags)]
    [InlineData(new byte[] { 0x80, 0x05, 0x00, 0x01, 0x00, 0x01, (byte)'a' }, MqttProtocolError.InvalidFixedHeaderFlags)]
    [InlineData(new byte[] { 0x36, 0x00 }, MqttProtocolError.InvalidQos)]
    [InlineData(new byte[] { 0x38, 0x00 }, MqttProtocolError.InvalidFixedHeaderFlags)]
    [InlineData(new byte[] { 0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, MqttProtocolError.MalformedRemainingLength)]
    [InlineData(new byte[] { 0x30, 0x80, 0x00 }, MqttProtocolError.MalformedRemainingLength)]
    [InlineData(new byte[] { 0x20, 0x03, 0x00, 0x00, 0x00 }, MqttProtocolError.InvalidLength)]
    [InlineData(new byte[] { 0x20, 0x02, 0x02, 0x00 }, MqttProtocolError.InvalidConnAck)]
    [InlineData(new byte[] { 0x20, 0x02, 0x01, 0x05 }, MqttProtocolError.InvalidConnAck)]
    [InlineData(new byte[] { 0x20, 0x02, 0x00, 0x06 }, MqttProtocolError.InvalidReturnCode)]
    [InlineData(new byte[] { 0x40, 0x02, 0x00, 0x00 }, MqttProtocolError.ZeroPacketId)]
    [InlineData(new byte[] { 0x32, 0x05, 0x00, 0x01, (byte)'a', 0x00, 0x00 }, MqttProtocolError.ZeroPacketId)]
    [InlineData(new byte[] { 0x30, 0x03, 0x00, 0x01, (byte)'#' }, MqttProtocolError.InvalidTopicName)]
    [InlineData(new byte[] { 0x30, 0x05, 0x00, 0x03, (byte)'a', (byte)'/', (byte)'+' }, MqttProtocolError.InvalidTopicName)]
    [InlineData(new byte[] { 0x30, 0x02, 0x00, 0x00 }, MqttProtocolError.InvalidTopicName)]
    [InlineData(new byte[] { 0x30, 0x04, 0x00, 0x02, 0xC3, 0x28 }, MqttProtocolError.InvalidUtf8)]
    [InlineData(new byte[] { 0x30, 0x05, 0x00, 0x03, 0xED, 0xA0, 0x80 }, MqttProtocolError.InvalidUtf8)]
    [InlineData(new byte[] { 0x30, 0x03, 0x00, 0x01, 0x00 }, MqttProtocolError.InvalidUtf8)]
    [InlineData(new byte[] { 0x30, 0x03, 0x00, 0x05, (byte)'a' }, MqttProtocolError.InvalidLength)]
    [InlineData(new byte[] { 0x90, 0x02, 0x00, 0x01 }, MqttProtocolError.EmptyPayload)]
    [InlineData(new byte[] { 0x90, 0x03, 0x00, 0x01, 0x03 }, MqttProtocolError.InvalidReturnCode)]
    [InlineData(new byte[] { 0x82, 0x06, 0x00, 0x01, 0x00, 0x01, (byte)'a', 0x03 }, MqttProtocolError.InvalidQos)]
    [InlineData(new byte[] { 0x82, 0x07, 0x00, 0x01, 0x00, 0x02, (byte)'#', (byte)'a', 0x00 }, MqttProtocolError.InvalidTopicFilter)]
    [InlineData(new byte[] { 0xC0, 0x01, 0x00 }, MqttProtocolError.InvalidLength)]
    public void Rejects_malformed_packets_with_a_reason(byte[] bytes, MqttProtocolError reason)
    {
        var error = Assert.Throws<MqttProtocolException>(() => new MqttPacketDecoder().TryDecode(bytes, out _, out _));
        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-003")]
    public void Rejects_an_oversized_packet_from_its_header_alone()
    {
        // Header announces 268 MB of PUBLISH; only the 5 header bytes are present.
        byte[] header = [0x30, 0xFF, 0xFF, 0xFF, 0x7F];
        var error = Assert.Throws<MqttProtocolException>(() => new MqttPacketDecoder(1024 * 1024).TryDecode(header, out _, out _));
        Assert.Equal(MqttProtocolError.PacketTooLarge, error.Reason);
    }

    [Fact]
    public void Accepts_a_packet_exactly_at_the_size_limit()
    {
        var packet = new PublishPacket("t", new byte[100]);
        var encoded = MqttPacketEncoder.Encode(packet);
        Assert.True(new MqttPacketDecoder(encoded.Length).TryDecode(encoded, out _, out _));
        Assert.Throws<MqttProtocolException>(() => new MqttPacketDecoder(encoded.Length - 1).TryDecode(encoded, out _, out _));
    }

    [Theory]
    [InlineData("a/b", true)]
    [InlineData("a/+", false)]
    [InlineData("#", false)]
    [InlineData("", false)]
    [InlineData("a\0b", false)]
    public void Checks_topic_names(string topic, bool valid) => Assert.Equal(valid, MqttTopic.CheckName(topic) is null);

    [Theory]
    [InlineData("a/#", true)]
    [InlineData("+/b/+", true)]
    [InlineData("#", true)]
    [InlineData("a/#/b", false)]
    [InlineData("a+/b", false)]
    [InlineData("a/b#", false)]
    [InlineData("", false)]
    public void Checks_topic_filters(string filter, bool valid) => Assert.Equal(valid, MqttTopic.CheckFilter(filter) is null);

    [Fact]
    public void Encoder_refuses_a_password_without_user_name()
    {
        Assert.Throws<ArgumentException>(() => MqttPacketEncoder.Encode(new ConnectPacket("c", true, 0, null, new byte[] { 1 })));
    }
}
