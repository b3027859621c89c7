using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Tests.Events.Support;
using EdgeSecurity.Firmware.Core.Upload;

namespace EdgeSecurity.Firmware.Core.Tests.Upload;

[Trait("Requirement", "SR-EVT-006")]
public sealed class EventAckCodecTests
{
    private readonly TestMac _mac = new();
    private readonly byte[] _key = TestMac.NewKey();

    [Fact]
    public void An_ack_round_trips_with_its_fixed_layout()
    {
        var bytes = EventAckCodec.Encode(_mac, _key, new EventAck(AckStatus.Busy, 9, 0x0102030405, 1500));

        Assert.Equal(EventAckCodec.MessageBytes, bytes.Length);
        Assert.Equal(51, bytes.Length);
        Assert.Equal(new byte[] { 1, 1, 9, 0, 0, 0, 5, 4, 3, 2, 1, 0, 0, 0, 0xDC, 0x05, 0, 0, 0 }, bytes[..19]);
        var expectedTag = System.Security.Cryptography.HMACSHA256.HashData(_key, "ES-EVT-ACK-V1"u8.ToArray().Concat(bytes[..19]).ToArray());
        Assert.Equal(expectedTag, bytes[19..]);

        var ack = EventAckCodec.Decode(_mac, _key, bytes);
        Assert.Equal(AckStatus.Busy, ack.Status);
        Assert.Equal(9u, ack.BatchId);
        Assert.Equal(0x0102030405, ack.AckedThrough);
        Assert.Equal(1500u, ack.RetryAfterMs);
    }

    [Theory]
    [InlineData(AckStatus.Stored)]
    [InlineData(AckStatus.Busy)]
    [InlineData(AckStatus.Gap)]
    public void Every_status_round_trips(AckStatus status) =>
        Assert.Equal(status, EventAckCodec.Decode(_mac, _key, EventAckCodec.Encode(_mac, _key, new EventAck(status, 1, 2, 0))).Status);

    [Fact]
    public void An_unknown_status_is_rejected_by_name()
    {
        Assert.Throws<ArgumentException>(() => EventAckCodec.Encode(_mac, _key, new EventAck((AckStatus)3, 1, 2, 0)));
        var bytes = EventAckCodec.Encode(_mac, _key, new EventAck(AckStatus.Gap, 1, 2, 0));
        bytes[1] = 3;

        var error = Assert.Throws<EventFormatException>(() => EventAckCodec.Decode(_mac, _key, bytes));

        Assert.Equal(EventFormatError.InvalidStatus, error.EventReason);
    }

    [Theory]
    [InlineData(0, 2, EventFormatError.UnsupportedVersion)] // version 2
    [InlineData(13, 0x80, EventFormatError.InvalidSequence)] // acked-through's top byte: negative
    [InlineData(18, 1, EventFormatError.ReservedBitsSet)] // the reserved byte
    public void A_field_outside_the_format_is_refused_by_name_even_under_a_valid_MAC(int offset, byte value, EventFormatError expected)
    {
        var bytes = EventAckCodec.Encode(_mac, _key, new EventAck(AckStatus.Stored, 1, 10, 0));
        bytes[offset] = value;
        Remac(bytes); // as a host of another format version (or a bug) would send it: only the field check refuses

        var error = Assert.Throws<EventFormatException>(() => EventAckCodec.Decode(_mac, _key, bytes));

        Assert.Equal(expected, error.EventReason);
    }

    [Fact]
    public void A_valid_ack_followed_by_extra_bytes_is_refused()
    {
        var bytes = EventAckCodec.Encode(_mac, _key, new EventAck(AckStatus.Stored, 1, 10, 0));

        Assert.Throws<EventFormatException>(() => EventAckCodec.Decode(_mac, _key, [.. bytes, 0]));
    }

    /// <summary>Recomputes the tag independently: HMAC-SHA256(key, "ES-EVT-ACK-V1" || the 19-byte body) (docs/formats/events.md).</summary>
    private void Remac(byte[] ack)
    {
        var input = System.Text.Encoding.ASCII.GetBytes("ES-EVT-ACK-V1").Concat(ack.Take(19)).ToArray();
        System.Security.Cryptography.HMACSHA256.HashData(_key, input).CopyTo(ack, 19);
    }

    [Fact]
    public void An_ack_under_another_key_is_rejected()
    {
        var bytes = EventAckCodec.Encode(_mac, TestMac.NewKey(), new EventAck(AckStatus.Stored, 1, 10, 0));

        var error = Assert.Throws<EventFormatException>(() => EventAckCodec.Decode(_mac, _key, bytes));

        Assert.Equal(EventFormatError.BadAuthenticator, error.EventReason);
    }

    [Theory]
    [InlineData("mac")]
    [InlineData("deviceEventKey")]
    [InlineData("ack")]
    public void Encoding_without_a_key_or_ack_names_what_is_required(string missing)
    {
        var error = Assert.Throws<ArgumentNullException>(() => EventAckCodec.Encode(
            missing == "mac" ? null! : _mac,
            missing == "deviceEventKey" ? null! : _key,
            missing == "ack" ? null! : new EventAck(AckStatus.Stored, 1, 2, 0)));

        Assert.Contains("mac, deviceEventKey and ack are required", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mac")]
    [InlineData("deviceEventKey")]
    [InlineData("data")]
    public void Decoding_without_a_key_or_bytes_names_what_is_required(string missing)
    {
        var error = Assert.Throws<ArgumentNullException>(() => EventAckCodec.Decode(
            missing == "mac" ? null! : _mac,
            missing == "deviceEventKey" ? null! : _key,
            missing == "data" ? null! : EventAckCodec.Encode(_mac, _key, new EventAck(AckStatus.Stored, 1, 2, 0))));

        Assert.Contains("mac, deviceEventKey and data are required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_cannot_encode_a_negative_acked_through()
    {
        var error = Assert.Throws<ArgumentException>(() => EventAckCodec.Encode(_mac, _key, new EventAck(AckStatus.Stored, 1, -1, 0)));

        Assert.StartsWith("Acked-through cannot be negative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutated_acks_decode_canonically_or_fail_with_the_format_exception_only()
    {
        var valid = EventAckCodec.Encode(_mac, _key, new EventAck(AckStatus.Stored, 3, 42, 0));
        ParserProperty.Check(valid, bytes => EventAckCodec.Encode(_mac, _key, EventAckCodec.Decode(_mac, _key, bytes)));
    }
}
