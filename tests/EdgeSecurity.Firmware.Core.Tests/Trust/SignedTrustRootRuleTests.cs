using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Trust;

namespace EdgeSecurity.Firmware.Core.Tests.Trust;

/// <summary>
/// The signed envelope of a trust root (magic <c>ESSR</c>, docs/formats/README.md "Signed envelope"),
/// written field by field independently of the parser: every rule at its boundary, refused with the
/// reason, field and message the device reports; and what <see cref="SignedTrustRoot.Create"/> refuses.
/// </summary>
public class SignedTrustRootRuleTests
{
    private static readonly byte[] Root = TrustRootEncoding.Valid(keys: 2).Encode();
    private static readonly EnvelopeEncoding Valid = new() { Payload = Root, Signatures = [EncodedSignature.Ed25519(0), EncodedSignature.Ed25519(1)] };

    public static TheoryData<string, byte[], MalformedReason, string, string> Violations => new()
    {
        { "no magic", (Valid with { Magic = "ESTR"u8.ToArray() }).Encode(), MalformedReason.BadMagic, "signedTrustRoot.magic", "unexpected magic bytes" },
        { "format version 0", (Valid with { FormatVersion = 0 }).Encode(), MalformedReason.UnsupportedVersion, "signedTrustRoot.formatVersion", "format version 0 is not supported (expected 1)" },
        { "empty payload", (Valid with { PayloadLength = 0 }).Encode(), MalformedReason.LengthOutOfRange, "signedTrustRoot.payloadLength", "value 0 is outside [1, 16384]" },
        { "payload over 16 KiB", (Valid with { PayloadLength = 16385 }).Encode(), MalformedReason.LengthOutOfRange, "signedTrustRoot.payloadLength", "value 16385 is outside [1, 16384]" },
        { "payload longer than the input", (Valid with { PayloadLength = 16384 }).Encode(), MalformedReason.Truncated, "signedTrustRoot.payload", "needs 16384 bytes, " + (Root.Length + 1 + (2 * 83)) + " left" },
        { "no signatures", (Valid with { SignatureCount = 0 }).Encode(), MalformedReason.CountOutOfRange, "signedTrustRoot.signatureCount", "value 0 is outside [1, 16]" },
        { "17 signatures", (Valid with { SignatureCount = 17 }).Encode(), MalformedReason.CountOutOfRange, "signedTrustRoot.signatureCount", "value 17 is outside [1, 16]" },
        { "key id cut short", (Valid with { Signatures = [EncodedSignature.Ed25519(0)], SignatureCount = 2, Trailer = new byte[15] }).Encode(), MalformedReason.Truncated, "signedTrustRoot.signatures[1].keyId", "needs 16 bytes, 15 left" },
        { "algorithm 0", (Valid with { Signatures = [EncodedSignature.Ed25519(0), new(TrustRootEncoding.Id(1), 0, new byte[64])] }).Encode(), MalformedReason.ValueOutOfRange, "signedTrustRoot.signatures[1].algorithm", "value 0 is outside [1, 255]" },
        { "Ed25519 signature of 63 bytes", (Valid with { Signatures = [EncodedSignature.Ed25519(0), new(TrustRootEncoding.Id(1), 1, new byte[63])] }).Encode(), MalformedReason.LengthOutOfRange, "signedTrustRoot.signatures[1].signatureLength", "length 63 is not valid for algorithm 1" },
        { "Ed25519 signature of 65 bytes", (Valid with { Signatures = [EncodedSignature.Ed25519(0), new(TrustRootEncoding.Id(1), 1, new byte[65])] }).Encode(), MalformedReason.LengthOutOfRange, "signedTrustRoot.signatures[1].signatureLength", "length 65 is not valid for algorithm 1" },
        { "other signature of 0 bytes", (Valid with { Signatures = [EncodedSignature.Ed25519(0), new(TrustRootEncoding.Id(1), 2, [])] }).Encode(), MalformedReason.LengthOutOfRange, "signedTrustRoot.signatures[1].signatureLength", "length 0 is not valid for algorithm 2" },
        { "other signature of 513 bytes", (Valid with { Signatures = [EncodedSignature.Ed25519(0), new(TrustRootEncoding.Id(1), 200, new byte[513])] }).Encode(), MalformedReason.LengthOutOfRange, "signedTrustRoot.signatures[1].signatureLength", "length 513 is not valid for algorithm 200" },
        { "signature length cut short", Cut(Valid.Encode(), 64 + 1), MalformedReason.Truncated, "signedTrustRoot.signatures[1].signatureLength", "needs 2 bytes, 1 left" },
        { "signature cut short", Cut(Valid.Encode(), 1), MalformedReason.Truncated, "signedTrustRoot.signatures[1].signature", "needs 64 bytes, 63 left" },
        { "a byte after the end", (Valid with { Trailer = [7] }).Encode(), MalformedReason.TrailingBytes, "signedTrustRoot", "1 unexpected trailing bytes" },
        { "payload that is no trust root", (Valid with { Payload = (TrustRootEncoding.Valid() with { Version = 0 }).Encode() }).Encode(), MalformedReason.ValueOutOfRange, "trustRoot.version", "value 0 is outside [1, 4294967295]" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    [Trait("Requirement", "SR-FMT-001")]
    [Trait("Requirement", "SR-FMT-002")]
    public void A_broken_rule_is_refused_naming_the_field_and_what_is_wrong(string rule, byte[] input, MalformedReason reason, string field, string detail)
    {
        var e = Assert.Throws<MalformedDataException>(() => SignedTrustRoot.Parse(input));
        Assert.True(reason == e.Reason, rule + ": " + e.Message);
        Assert.Equal(field, e.Field);
        Assert.Equal("Malformed " + field + ": " + detail, e.Message);
    }

    [Fact]
    public void No_data_is_refused_as_missing()
    {
        var e = Assert.Throws<MalformedDataException>(() => SignedTrustRoot.Parse(null!));
        Assert.Equal(MalformedReason.Truncated, e.Reason);
        Assert.Equal("Malformed signedTrustRoot: no data", e.Message);
    }

    [Fact]
    [Trait("Requirement", "SR-FMT-001")]
    public void Sixteen_signatures_of_every_allowed_length_parse_to_what_the_bytes_say()
    {
        EncodedSignature[] signatures =
        [
            .. Enumerable.Range(0, 13).Select(EncodedSignature.Ed25519),
            new(TrustRootEncoding.Id(13), 2, [0x11]),
            new(TrustRootEncoding.Id(14), 255, Enumerable.Repeat((byte)0x22, 512).ToArray()),
            new(TrustRootEncoding.Id(15), 3, Enumerable.Repeat((byte)0x33, 100).ToArray()),
        ];
        byte[] bytes = (Valid with { Signatures = signatures }).Encode();

        SignedTrustRoot parsed = SignedTrustRoot.Parse(bytes);

        Assert.Equal(Root, parsed.Root.ToBytes());
        Assert.Equal(Root, parsed.Envelope.GetPayload());
        Assert.Equal(16, parsed.Envelope.SignatureCount);
        for (int i = 0; i < 16; i++)
        {
            SignatureEntry entry = parsed.Envelope.GetSignature(i);
            Assert.Equal(signatures[i].KeyId, entry.KeyId);
            Assert.Equal((SignatureAlgorithm)signatures[i].Algorithm, entry.Algorithm);
            Assert.Equal(signatures[i].Signature, entry.Signature);
        }

        Assert.Equal(bytes, parsed.ToBytes());
    }

    [Fact]
    [Trait("Requirement", "SR-FMT-002")]
    public void The_largest_envelope_is_the_advertised_maximum()
    {
        // The limit a device uses to refuse a signed trust root before reading it: a 16 KiB payload and 16
        // signatures of the largest length. The encoder, not the parser, sizes it (the payload is no root).
        byte[] largest = (Valid with
        {
            Payload = new byte[TrustRoot.MaxEncodedLength],
            Signatures = Enumerable.Range(0, 16).Select(i => new EncodedSignature(TrustRootEncoding.Id(i), 2, new byte[512])).ToArray(),
        }).Encode();
        Assert.Equal(largest.Length, SignedTrustRoot.MaxEncodedLength);
        Assert.Equal("trustRoot.magic", Assert.Throws<MalformedDataException>(() => SignedTrustRoot.Parse(largest)).Field);
    }

    public static TheoryData<string, Func<SignedTrustRoot>, MalformedReason, string, string> Refusals => new()
    {
        { "no payload", () => SignedTrustRoot.Create(null!, Signatures(1)), MalformedReason.LengthOutOfRange, "signedTrustRoot.payload", "length must be 1..16384" },
        { "empty payload", () => SignedTrustRoot.Create([], Signatures(1)), MalformedReason.LengthOutOfRange, "signedTrustRoot.payload", "length must be 1..16384" },
        { "payload over 16 KiB", () => SignedTrustRoot.Create(new byte[16385], Signatures(1)), MalformedReason.LengthOutOfRange, "signedTrustRoot.payload", "length must be 1..16384" },
        { "no signature list", () => SignedTrustRoot.Create(Root, null!), MalformedReason.CountOutOfRange, "signedTrustRoot.signatures", "count must be 1..16" },
        { "no signatures", () => SignedTrustRoot.Create(Root, []), MalformedReason.CountOutOfRange, "signedTrustRoot.signatures", "count must be 1..16" },
        { "17 signatures", () => SignedTrustRoot.Create(Root, Signatures(17)), MalformedReason.CountOutOfRange, "signedTrustRoot.signatures", "count must be 1..16" },
        { "a null signature", () => SignedTrustRoot.Create(Root, [.. Signatures(2), null!]), MalformedReason.MissingEntry, "signedTrustRoot.signatures[2]", "is null" },
        { "payload of one byte that is no root", () => SignedTrustRoot.Create([0x45], Signatures(1)), MalformedReason.Truncated, "trustRoot.magic", "needs 4 bytes, 1 left" },
        { "payload of 16 KiB that is no root", () => SignedTrustRoot.Create(new byte[16384], Signatures(16)), MalformedReason.BadMagic, "trustRoot.magic", "unexpected magic bytes" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    [Trait("Requirement", "SR-FMT-002")]
    public void What_the_format_does_not_allow_cannot_be_signed(string rule, Func<SignedTrustRoot> create, MalformedReason reason, string field, string detail)
    {
        var e = Assert.Throws<MalformedDataException>(create);
        Assert.True(reason == e.Reason, rule + ": " + e.Message);
        Assert.Equal("Malformed " + field + ": " + detail, e.Message);
    }

    [Fact]
    public void Changing_the_arrays_it_was_created_from_does_not_change_what_was_signed()
    {
        byte[] payload = (byte[])Root.Clone();
        SignatureEntry[] signatures = Signatures(2);
        SignedTrustRoot signed = SignedTrustRoot.Create(payload, signatures);
        byte[] before = signed.ToBytes();

        payload[10] ^= 0xFF;
        signatures[1] = signatures[0];
        signed.Envelope.GetPayload()[10] ^= 0xFF;

        Assert.Equal(before, signed.ToBytes());
        Assert.Equal(Root, signed.Envelope.GetPayload());
        Assert.Equal(TrustRootEncoding.Id(1), signed.Envelope.GetSignature(1).KeyId);
    }

    private static SignatureEntry[] Signatures(int count) =>
        Enumerable.Range(0, count).Select(i => new SignatureEntry(TrustRootEncoding.Id(i), SignatureAlgorithm.Ed25519, new byte[64])).ToArray();

    private static byte[] Cut(byte[] bytes, int fromEnd) => bytes.AsSpan(0, bytes.Length - fromEnd).ToArray();
}

/// <summary>The signed envelope written from docs/formats/README.md; count and length fields can be overridden.</summary>
internal sealed record EnvelopeEncoding
{
    public byte[] Magic { get; init; } = "ESSR"u8.ToArray();

    public int FormatVersion { get; init; } = 1;

    public byte[] Payload { get; init; } = [];

    public long? PayloadLength { get; init; }

    public EncodedSignature[] Signatures { get; init; } = [];

    public int? SignatureCount { get; init; }

    public byte[] Trailer { get; init; } = [];

    public byte[] Encode()
    {
        var bytes = new List<byte>(Magic) { (byte)FormatVersion, (byte)(FormatVersion >> 8) };
        long payloadLength = PayloadLength ?? Payload.Length;
        bytes.AddRange(BitConverter.GetBytes((uint)payloadLength));
        bytes.AddRange(Payload);
        bytes.Add((byte)(SignatureCount ?? Signatures.Length));
        foreach (EncodedSignature signature in Signatures)
        {
            int length = signature.SignatureLength ?? signature.Signature.Length;
            bytes.AddRange(signature.KeyId);
            bytes.Add(signature.Algorithm);
            bytes.Add((byte)length);
            bytes.Add((byte)(length >> 8));
            bytes.AddRange(signature.Signature);
        }

        bytes.AddRange(Trailer);
        return [.. bytes];
    }
}

/// <summary>One signature entry as encoded (the parser does not verify it).</summary>
internal sealed record EncodedSignature(byte[] KeyId, byte Algorithm, byte[] Signature, int? SignatureLength = null)
{
    public static EncodedSignature Ed25519(int n) => new(TrustRootEncoding.Id(n), 1, Enumerable.Repeat((byte)n, 64).ToArray());
}
