using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Trust;

namespace EdgeSecurity.Firmware.Core.Tests.Trust;

/// <summary>
/// The entries trust roots and envelopes are made of (<see cref="TrustedKey"/>, <see cref="TrustRole"/>,
/// <see cref="SignatureEntry"/>), as the signing tools build them: each refuses what the format does not
/// allow with the message the tool shows, accepts its limits, and keeps its own copy of the bytes.
/// </summary>
public class TrustEntryTests
{
    private static readonly byte[] Id0 = TrustRootEncoding.Id(0);
    private static readonly byte[] Id1 = TrustRootEncoding.Id(1);

    public static TheoryData<string, Action, MalformedReason, string, string> Refusals => new()
    {
        { "key: no id", () => _ = new TrustedKey(null!, SignatureAlgorithm.Ed25519, new byte[32]), MalformedReason.LengthOutOfRange, "trustRoot.key.keyId", "must be 16 bytes" },
        { "key: id of 15", () => _ = new TrustedKey(new byte[15], SignatureAlgorithm.Ed25519, new byte[32]), MalformedReason.LengthOutOfRange, "trustRoot.key.keyId", "must be 16 bytes" },
        { "key: id of 17", () => _ = new TrustedKey(new byte[17], SignatureAlgorithm.Ed25519, new byte[32]), MalformedReason.LengthOutOfRange, "trustRoot.key.keyId", "must be 16 bytes" },
        { "key: algorithm 0", () => _ = new TrustedKey(Id0, 0, new byte[32]), MalformedReason.ValueOutOfRange, "trustRoot.key.algorithm", "0 is not an algorithm" },
        { "key: none", () => _ = new TrustedKey(Id0, SignatureAlgorithm.Ed25519, null!), MalformedReason.LengthOutOfRange, "trustRoot.key.publicKey", "length -1 is not valid for algorithm 1" },
        { "key: Ed25519 of 31", () => _ = new TrustedKey(Id0, SignatureAlgorithm.Ed25519, new byte[31]), MalformedReason.LengthOutOfRange, "trustRoot.key.publicKey", "length 31 is not valid for algorithm 1" },
        { "key: other of 0", () => _ = new TrustedKey(Id0, (SignatureAlgorithm)2, []), MalformedReason.LengthOutOfRange, "trustRoot.key.publicKey", "length 0 is not valid for algorithm 2" },
        { "key: other of 257", () => _ = new TrustedKey(Id0, (SignatureAlgorithm)2, new byte[257]), MalformedReason.LengthOutOfRange, "trustRoot.key.publicKey", "length 257 is not valid for algorithm 2" },
        { "signature: no key id", () => _ = new SignatureEntry(null!, SignatureAlgorithm.Ed25519, new byte[64]), MalformedReason.LengthOutOfRange, "signature.keyId", "must be 16 bytes" },
        { "signature: key id of 15", () => _ = new SignatureEntry(new byte[15], SignatureAlgorithm.Ed25519, new byte[64]), MalformedReason.LengthOutOfRange, "signature.keyId", "must be 16 bytes" },
        { "signature: key id of 17", () => _ = new SignatureEntry(new byte[17], SignatureAlgorithm.Ed25519, new byte[64]), MalformedReason.LengthOutOfRange, "signature.keyId", "must be 16 bytes" },
        { "signature: algorithm 0", () => _ = new SignatureEntry(Id0, 0, new byte[64]), MalformedReason.ValueOutOfRange, "signature.algorithm", "0 is not an algorithm" },
        { "signature: none", () => _ = new SignatureEntry(Id0, SignatureAlgorithm.Ed25519, null!), MalformedReason.LengthOutOfRange, "signature.signature", "length -1 is not valid for algorithm 1" },
        { "signature: Ed25519 of 65", () => _ = new SignatureEntry(Id0, SignatureAlgorithm.Ed25519, new byte[65]), MalformedReason.LengthOutOfRange, "signature.signature", "length 65 is not valid for algorithm 1" },
        { "signature: other of 0", () => _ = new SignatureEntry(Id0, (SignatureAlgorithm)7, []), MalformedReason.LengthOutOfRange, "signature.signature", "length 0 is not valid for algorithm 7" },
        { "signature: other of 513", () => _ = new SignatureEntry(Id0, (SignatureAlgorithm)7, new byte[513]), MalformedReason.LengthOutOfRange, "signature.signature", "length 513 is not valid for algorithm 7" },
        { "role: no name", () => _ = new TrustRole(null!, 1, [Id0]), MalformedReason.LengthOutOfRange, "trustRoot.role.name", "length must be 1..16" },
        { "role: name of 17", () => _ = new TrustRole(new string('a', 17), 1, [Id0]), MalformedReason.LengthOutOfRange, "trustRoot.role.name", "length must be 1..16" },
        { "role: name with a space", () => _ = new TrustRole("re lease", 1, [Id0]), MalformedReason.InvalidText, "trustRoot.role.name", "character code 32 at index 2 is not allowed" },
        { "role: no key list", () => _ = new TrustRole("release", 1, null!), MalformedReason.CountOutOfRange, "trustRoot.role.keyIds", "count must be 1..32" },
        { "role: no keys", () => _ = new TrustRole("release", 1, []), MalformedReason.CountOutOfRange, "trustRoot.role.keyIds", "count must be 1..32" },
        { "role: 33 keys", () => _ = new TrustRole("release", 1, Enumerable.Range(0, 33).Select(TrustRootEncoding.Id).ToArray()), MalformedReason.CountOutOfRange, "trustRoot.role.keyIds", "count must be 1..32" },
        { "role: threshold 0", () => _ = new TrustRole("release", 0, [Id0, Id1]), MalformedReason.ValueOutOfRange, "trustRoot.role.threshold", "threshold 0 must be 1..2 (the role's key count)" },
        { "role: threshold 3 of 2", () => _ = new TrustRole("release", 3, [Id0, Id1]), MalformedReason.ValueOutOfRange, "trustRoot.role.threshold", "threshold 3 must be 1..2 (the role's key count)" },
        { "role: a null key id", () => _ = new TrustRole("release", 1, [Id0, null!]), MalformedReason.LengthOutOfRange, "trustRoot.role.keyIds[1]", "must be 16 bytes" },
        { "role: a key id of 15", () => _ = new TrustRole("release", 1, [Id0, new byte[15]]), MalformedReason.LengthOutOfRange, "trustRoot.role.keyIds[1]", "must be 16 bytes" },
        { "role: a key id of 17", () => _ = new TrustRole("release", 1, [new byte[17]]), MalformedReason.LengthOutOfRange, "trustRoot.role.keyIds[0]", "must be 16 bytes" },
        { "role: a key id twice", () => _ = new TrustRole("release", 1, [Id0, Id1, Id0]), MalformedReason.DuplicateEntry, "trustRoot.role.keyIds[2]", "key " + Convert.ToHexStringLower(Id0) + " is listed twice in role release" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    [Trait("Requirement", "SR-FMT-002")]
    public void What_the_format_does_not_allow_cannot_be_built(string rule, Action build, MalformedReason reason, string field, string detail)
    {
        var e = Assert.Throws<MalformedDataException>(build);
        Assert.True(reason == e.Reason, rule + ": " + e.Message);
        Assert.Equal(field, e.Field);
        Assert.Equal("Malformed " + field + ": " + detail, e.Message);
    }

    [Theory]
    [InlineData(1, 32)]
    [InlineData(2, 1)]
    [InlineData(2, 256)]
    [InlineData(255, 100)]
    public void Keys_of_every_allowed_length_keep_what_they_were_given(int algorithm, int length)
    {
        byte[] id = (byte[])Id1.Clone();
        byte[] publicKey = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();
        var key = new TrustedKey(id, (SignatureAlgorithm)algorithm, publicKey);
        id[0] ^= 0xFF;
        publicKey[0] ^= 0xFF;
        key.KeyId[1] ^= 0xFF;
        key.PublicKey[0] ^= 0xFF;

        Assert.Equal((SignatureAlgorithm)algorithm, key.Algorithm);
        Assert.Equal(Id1, key.KeyId);
        Assert.Equal(Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray(), key.PublicKey);
    }

    [Theory]
    [InlineData(1, 64)]
    [InlineData(2, 1)]
    [InlineData(2, 512)]
    [InlineData(255, 300)]
    public void Signatures_of_every_allowed_length_keep_what_they_were_given(int algorithm, int length)
    {
        byte[] id = (byte[])Id1.Clone();
        byte[] bytes = Enumerable.Range(0, length).Select(i => (byte)(i * 5)).ToArray();
        var signature = new SignatureEntry(id, (SignatureAlgorithm)algorithm, bytes);
        id[0] ^= 0xFF;
        bytes[0] ^= 0xFF;
        signature.KeyId[1] ^= 0xFF;
        signature.Signature[0] ^= 0xFF;

        Assert.Equal((SignatureAlgorithm)algorithm, signature.Algorithm);
        Assert.Equal(Id1, signature.KeyId);
        Assert.Equal(Enumerable.Range(0, length).Select(i => (byte)(i * 5)).ToArray(), signature.Signature);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-001")]
    public void A_role_holds_exactly_its_keys_and_threshold()
    {
        byte[][] ids = Enumerable.Range(0, 32).Select(TrustRootEncoding.Id).ToArray();
        var role = new TrustRole(new string('q', 16), 32, ids);
        ids[31][0] ^= 0xFF;
        role.GetKeyId(0)[0] ^= 0xFF;

        Assert.Equal((new string('q', 16), 32, 32), (role.Name, role.Threshold, role.KeyCount));
        Assert.Equal(Enumerable.Range(0, 32).Select(TrustRootEncoding.Id).ToArray(), Enumerable.Range(0, 32).Select(role.GetKeyId).ToArray());
        Assert.All(Enumerable.Range(0, 32), i => Assert.True(role.Contains(TrustRootEncoding.Id(i))));
        Assert.False(role.Contains(TrustRootEncoding.Id(32)));
        Assert.False(role.Contains(ids[31]));
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-002")]
    public void A_key_id_is_the_first_16_bytes_of_the_published_keyed_digest_of_algorithm_and_key()
    {
        // docs/formats/trust-root.md: HMAC-SHA256(K, 0x02 || u8 algorithm || public key), K from digest.md,
        // computed here with the .NET HMAC as an independent peer of the core's composition.
        byte[] k = "EdgeSecurity/ES-HMAC-SHA256-V1"u8.ToArray();
        var signer = new TestSigner();
        byte[] expected = System.Security.Cryptography.HMACSHA256.HashData(k, (byte[])[0x02, 0x01, .. signer.PublicKey]).AsSpan(0, 16).ToArray();
        Assert.Equal(expected, signer.KeyId);
        byte[] other = KeyIds.Compute(new EdgeSecurity.Platform.Crypto.HmacSha256MacPrimitive(), (SignatureAlgorithm)2, signer.PublicKey);
        Assert.Equal(System.Security.Cryptography.HMACSHA256.HashData(k, (byte[])[0x02, 0x02, .. signer.PublicKey]).AsSpan(0, 16).ToArray(), other);
    }

    [Fact]
    public void Key_ids_print_as_lowercase_hex_of_every_byte()
    {
        byte[] id = [0x00, 0x01, 0x09, 0x0A, 0x0F, 0x10, 0x7F, 0x80, 0x9A, 0xA9, 0xBC, 0xCD, 0xDE, 0xEF, 0xF0, 0xFF];
        Assert.Equal("0001090a0f107f809aa9bccddeeff0ff", KeyIds.ToHex(id));
        Assert.Equal(Convert.ToHexStringLower(TrustRootEncoding.Id(3)), KeyIds.ToHex(TrustRootEncoding.Id(3)));
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-004")]
    public void Signed_messages_start_with_the_published_prefix_of_their_kind()
    {
        byte[] manifest = SigningContext.GetManifestPrefix();
        byte[] trustRoot = SigningContext.GetTrustRootPrefix();
        Assert.Equal([.. "EdgeSecurity manifest v1"u8, 0], manifest);
        Assert.Equal([.. "EdgeSecurity trust root v1"u8, 0], trustRoot);

        manifest[0] ^= 0xFF;
        trustRoot[0] ^= 0xFF;
        Assert.Equal([.. "EdgeSecurity manifest v1"u8, 0], SigningContext.GetManifestPrefix());
        Assert.Equal([.. "EdgeSecurity trust root v1"u8, 0], SigningContext.GetTrustRootPrefix());

        Assert.Equal([.. "EdgeSecurity trust root v1"u8, 0, 1, 2, 3], SigningContext.BuildSignedMessage(SigningContext.GetTrustRootPrefix(), [1, 2, 3]));
    }
}
