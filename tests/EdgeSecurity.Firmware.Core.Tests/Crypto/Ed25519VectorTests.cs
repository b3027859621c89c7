using EdgeSecurity.Firmware.PortableCases.Vectors;
using Ed25519 = EdgeSecurity.Firmware.Core.Crypto.Ed25519;

namespace EdgeSecurity.Firmware.Core.Tests.Crypto;

public sealed class Ed25519VectorTests
{
    [Theory]
    [MemberData(nameof(Rfc8032VectorNames.Names), MemberType = typeof(Rfc8032VectorNames))]
    [Trait("Requirement", "SR-CRYPTO-001")]
    public void Rfc8032_vector_verifies(string name)
    {
        Rfc8032Vectors.Vector v = Rfc8032Vectors.ByName(name);

        Assert.True(Ed25519.Verify(TestHex.Decode(v.PublicKey), TestHex.Decode(v.Message), TestHex.Decode(v.Signature)));
    }

    [Theory]
    [MemberData(nameof(Rfc8032VectorNames.Names), MemberType = typeof(Rfc8032VectorNames))]
    [Trait("Requirement", "SR-CRYPTO-001")]
    public void Rfc8032_vector_transcription_is_reproduced_by_an_independent_signer(string name)
    {
        // Guards the transcribed hex: BouncyCastle must derive the same key and signature from the secret.
        Rfc8032Vectors.Vector v = Rfc8032Vectors.ByName(name);
        byte[] secret = TestHex.Decode(v.SecretKey);
        byte[] message = TestHex.Decode(v.Message);
        byte[] publicKey = new byte[Ed25519.PublicKeySize];
        byte[] signature = new byte[Ed25519.SignatureSize];

        Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.GeneratePublicKey(secret, 0, publicKey, 0);
        Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Sign(secret, 0, message, 0, message.Length, signature, 0);

        Assert.Equal(v.PublicKey, TestHex.Encode(publicKey));
        Assert.Equal(v.Signature, TestHex.Encode(signature));
    }

    [Theory]
    [MemberData(nameof(Rfc8032VectorNames.Names), MemberType = typeof(Rfc8032VectorNames))]
    [Trait("Requirement", "SR-CRYPTO-001")]
    public void Rfc8032_vector_fails_for_another_message(string name)
    {
        Rfc8032Vectors.Vector v = Rfc8032Vectors.ByName(name);
        byte[] message = [.. TestHex.Decode(v.Message), 0x00];

        Assert.False(Ed25519.Verify(TestHex.Decode(v.PublicKey), message, TestHex.Decode(v.Signature)));
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-001")]
    public void Test1024_message_is_1023_bytes() =>
        Assert.Equal(1023, TestHex.Decode(Rfc8032Vectors.Test1024.Message).Length);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(1023)]
    [Trait("Requirement", "SR-CRYPTO-001")]
    public void Prefix_overload_verifies_the_concatenation_at_every_split(int split)
    {
        Rfc8032Vectors.Vector v = Rfc8032Vectors.Test1024;
        byte[] whole = TestHex.Decode(v.Message);
        byte[] prefix = whole[..split];
        byte[] rest = whole[split..];

        Assert.True(Ed25519.Verify(TestHex.Decode(v.PublicKey), prefix, rest, TestHex.Decode(v.Signature)));
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-001")]
    public void Prefix_overload_fails_when_prefix_and_message_are_swapped()
    {
        Rfc8032Vectors.Vector v = Rfc8032Vectors.Test3;

        Assert.False(Ed25519.Verify(TestHex.Decode(v.PublicKey), [0x82], [0xaf], TestHex.Decode(v.Signature)));
        Assert.True(Ed25519.Verify(TestHex.Decode(v.PublicKey), [0xaf], [0x82], TestHex.Decode(v.Signature)));
    }
}
