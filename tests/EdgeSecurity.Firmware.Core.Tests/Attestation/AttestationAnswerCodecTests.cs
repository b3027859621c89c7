using System.Security.Cryptography;
using EdgeSecurity.Firmware.Core.Attestation;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Tests.Events.Support;
using EdgeSecurity.Firmware.Core.Tests.Serialization;
using EdgeSecurity.Firmware.Core.Upload;

namespace EdgeSecurity.Firmware.Core.Tests.Attestation;

public sealed class AttestationAnswerCodecTests
{
    private readonly TestMac _mac = new();
    private readonly byte[] _key = TestMac.NewKey();

    [Fact]
    [Trait("Requirement", "SR-ATT-001")]
    public void An_answer_has_the_documented_layout_and_an_independently_computed_mac()
    {
        byte[] bytes = AttestationAnswerCodec.Encode(_mac, _key, AttestationSamples.Answer());

        Assert.Equal(150 + "sensor-0001".Length, bytes.Length);
        Assert.Equal(new byte[] { 1, 1 }, bytes[..2]);
        Assert.Equal(AttestationSamples.Nonce(), bytes[2..18]);
        Assert.Equal(new byte[] { 1, 0, 11 }, bytes[18..21]);
        Assert.Equal("sensor-0001"u8.ToArray(), bytes[21..32]);
        int e = 32;
        Assert.Equal(new byte[] { 7, 0, 0, 0, 1, 2, 1 }, bytes[e..(e + 7)]);
        Assert.Equal(AttestationSamples.Evidence().BundleDigest, bytes[(e + 7)..(e + 23)]);
        Assert.Equal(5L, BitConverter.ToInt64(bytes, e + 23));
        Assert.Equal(4L, BitConverter.ToInt64(bytes, e + 31));
        Assert.Equal(new byte[] { 1, 2 }, bytes[(e + 39)..(e + 41)]);
        Assert.Equal(1234L, BitConverter.ToInt64(bytes, e + 41));
        Assert.Equal((1L << 40) + 17, BitConverter.ToInt64(bytes, e + 49));
        Assert.Equal(AttestationSamples.Evidence().JournalHeadMac, bytes[(e + 57)..(e + 89)]);
        Assert.Equal(98765L, BitConverter.ToInt64(bytes, e + 89));
        byte[] label = "ES-ATT-V1 posture attestation answer MAC"u8.ToArray();
        Assert.Equal(40, label.Length);
        Assert.Equal(HMACSHA256.HashData(_key, label.Concat(bytes[..^32]).ToArray()), bytes[^32..]);
        Assert.True(AttestationAnswerCodec.IsAuthentic(_mac, _key, bytes));
    }

    /// <summary>The test vector of docs/formats/attestation.md §4, byte for byte.</summary>
    [Fact]
    [Trait("Requirement", "SR-ATT-001")]
    public void The_documented_test_vector_is_what_the_codec_produces()
    {
        byte[] key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        byte[] bytes = AttestationAnswerCodec.Encode(_mac, key, AttestationSamples.Answer());

        Assert.Equal(
            "0101a0a1a2a3a4a5a6a7a8a9aaabacadaeaf01000b73656e736f722d3030303107000000010201101112131415161718191a1b1c1d1e1f05000000000000000400000000000000"
            + "0102d2040000000000001100000000010000404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5fcd81010000000000"
            + "c8aa57710ffc7598c7f0ba2cf8bdfab8360bcd7e0992d5fbb91f9a184beb84b8",
            Convert.ToHexStringLower(bytes));
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-001")]
    public void Decoding_gives_back_every_field()
    {
        var decoded = AttestationAnswerCodec.Decode(AttestationAnswerCodec.Encode(_mac, _key, AttestationSamples.Answer(epoch: 65535)));

        var expected = AttestationSamples.Evidence();
        Assert.Equal(AttestationSamples.Nonce(), decoded.Nonce);
        Assert.Equal("sensor-0001", decoded.DeviceId);
        Assert.Equal(65535, decoded.KeyEpoch);
        Assert.Equivalent(expected, decoded.Evidence, strict: true);
        Assert.Equal(expected.BundleDigest, decoded.Evidence.BundleDigest);
        Assert.Equal(expected.JournalHeadMac, decoded.Evidence.JournalHeadMac);
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-005")]
    public void An_answer_changed_anywhere_or_under_another_key_does_not_verify()
    {
        byte[] bytes = AttestationAnswerCodec.Encode(_mac, _key, AttestationSamples.Answer());

        Assert.False(AttestationAnswerCodec.IsAuthentic(_mac, TestMac.NewKey(), bytes));
        for (int i = 0; i < bytes.Length; i++)
        {
            byte[] changed = (byte[])bytes.Clone();
            changed[i] ^= 0x01;
            Assert.False(AttestationAnswerCodec.IsAuthentic(_mac, _key, changed), "byte " + i);
        }
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-001")]
    public void The_answer_mac_is_separated_from_record_ack_and_completeness_macs()
    {
        // A record MAC's input has the record version (1 or 2) at offset 32 after the previous MAC; an ack's input
        // is 32 bytes; the completeness tag's starts "ES-EVT-". The answer's input has a label character at 32.
        byte[] label = System.Text.Encoding.ASCII.GetBytes(AttestationAnswerCodec.Label);
        Assert.True(label.Length > 32);
        Assert.DoesNotContain(label[32], new byte[] { EventRecord.FormatVersion, EventRecord.EpochFormatVersion });
        Assert.StartsWith("ES-ATT-", AttestationAnswerCodec.Label, StringComparison.Ordinal);

        // And the other way round: the MAC over the answer body taken as a record chain step or an ack is not the answer's MAC.
        byte[] bytes = AttestationAnswerCodec.Encode(_mac, _key, AttestationSamples.Answer());
        byte[] body = bytes[..^32];
        Assert.NotEqual(bytes[^32..], EventChain.ComputeMac(_mac, _key, body[..32], body[32..]));
        Assert.NotEqual(bytes[^32..], _mac.HmacSha256(_key, body));
        Assert.Equal(32, "ES-EVT-ACK-V1".Length + EventAckCodec.MessageBytes - 32);
        Assert.True(label.Length + body.Length > 32);
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-003")]
    public void Random_and_mutated_answers_are_parsed_canonically_or_rejected_by_field()
    {
        byte[] valid = AttestationAnswerCodec.Encode(_mac, _key, AttestationSamples.Answer());

        // The body must re-encode to the same bytes (canonical); the MAC is checked separately.
        ParserRobustness.Check(valid, input =>
        {
            var decoded = AttestationAnswerCodec.Decode(input);
            return [.. AttestationAnswerCodec.Encode(_mac, _key, decoded)[..^32], .. input[^32..]];
        }, randomMutations: 2000);
    }

    [Theory]
    [Trait("Requirement", "SR-ATT-003")]
    [InlineData(0, 2, MalformedReason.UnsupportedVersion, "attestation.answer.version")]
    [InlineData(1, 9, MalformedReason.ValueOutOfRange, "attestation.answer.type")]
    [InlineData(20, 0, MalformedReason.LengthOutOfRange, "attestation.answer.deviceId.length")]
    [InlineData(21, (byte)'A', MalformedReason.InvalidText, "attestation.answer.deviceId")]
    [InlineData(36, 4, MalformedReason.ValueOutOfRange, "attestation.answer.bootMode")]
    [InlineData(37, 3, MalformedReason.ValueOutOfRange, "attestation.answer.runningSlot")]
    [InlineData(38, 2, MalformedReason.ValueOutOfRange, "attestation.answer.trial")]
    [InlineData(71, 3, MalformedReason.ValueOutOfRange, "attestation.answer.containment")]
    [InlineData(72, 3, MalformedReason.ValueOutOfRange, "attestation.answer.integrity")]
    public void A_bad_field_is_named(int offset, byte value, MalformedReason reason, string field)
    {
        byte[] bytes = AttestationAnswerCodec.Encode(_mac, _key, AttestationSamples.Answer());
        bytes[offset] = value;

        var error = Assert.Throws<MalformedDataException>(() => AttestationAnswerCodec.Decode(bytes));

        Assert.Equal(reason, error.Reason);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-003")]
    public void A_message_of_the_wrong_length_is_rejected_before_parsing()
    {
        var error = Assert.Throws<MalformedDataException>(() => AttestationAnswerCodec.Decode(new byte[AttestationAnswerCodec.MaxMessageBytes + 1]));
        Assert.Equal(MalformedReason.LengthOutOfRange, error.Reason);
        Assert.Throws<MalformedDataException>(() => AttestationAnswerCodec.Decode([]));
        Assert.False(AttestationAnswerCodec.IsAuthentic(_mac, _key, new byte[10]));
    }
}
