using System.Numerics;
using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.PortableCases.Vectors;

namespace EdgeSecurity.Firmware.Core.Tests.Crypto;

/// <summary>The acceptance rules of docs/crypto.md, one rule per test, on the RFC 8032 TEST 2 signature.</summary>
public sealed class Ed25519StrictnessTests
{
    private static readonly byte[] PublicKey = TestHex.Decode(Rfc8032Vectors.Test2.PublicKey);
    private static readonly byte[] Message = TestHex.Decode(Rfc8032Vectors.Test2.Message);
    private static readonly byte[] Signature = TestHex.Decode(Rfc8032Vectors.Test2.Signature);

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-002")]
    public void S_plus_L_is_rejected_although_it_satisfies_the_group_equation()
    {
        byte[] signature = WithS(FieldReference.FromLittleEndian(Signature[32..]) + FieldReference.L);

        Assert.False(Ed25519.Verify(PublicKey, Message, signature));
        Assert.False(BouncyCastleOracle.Verify(PublicKey, Message, signature));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [Trait("Requirement", "SR-CRYPTO-002")]
    public void S_at_or_above_L_is_rejected(int aboveL) =>
        Assert.False(Ed25519.Verify(PublicKey, Message, WithS(FieldReference.L + aboveL)));

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-002")]
    public void S_with_all_bits_set_is_rejected() =>
        Assert.False(Ed25519.Verify(PublicKey, Message, WithS((BigInteger.One << 256) - 1)));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(18)]
    [Trait("Requirement", "SR-CRYPTO-002")]
    public void Public_key_with_y_at_or_above_p_is_rejected(int y)
    {
        // y + p would decode to the same point as y if reduced: (0, 1) for y = 1, a valid-looking key.
        byte[] nonCanonical = FieldReference.ToLittleEndian(FieldReference.P + y, 32);

        Assert.False(Ed25519.Verify(nonCanonical, Message, Signature));
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-002")]
    public void R_with_y_at_or_above_p_is_rejected()
    {
        byte[] signature = (byte[])Signature.Clone();
        Array.Copy(FieldReference.ToLittleEndian(FieldReference.P + 3, 32), signature, 32);

        Assert.False(Ed25519.Verify(PublicKey, Message, signature));
    }

    [Theory]
    [InlineData("0100000000000000000000000000000000000000000000000000000000000080")]
    [InlineData("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [Trait("Requirement", "SR-CRYPTO-002")]
    public void Public_key_with_x_zero_and_the_sign_bit_set_is_rejected(string key) =>
        Assert.False(Ed25519.Verify(TestHex.Decode(key), Message, Signature));

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-002")]
    public void Public_key_not_on_the_curve_is_rejected()
    {
        // y = 2: (y^2 - 1) / (d*y^2 + 1) is not a square mod p.
        byte[] key = FieldReference.ToLittleEndian(2, 32);
        BigInteger x2 = FieldReference.Mod(3 * EdwardsReference.Inverse(4 * EdwardsReference.D + 1));
        Assert.False(BigInteger.ModPow(x2, (FieldReference.P - 1) / 2, FieldReference.P).IsOne);

        Assert.False(Ed25519.Verify(key, Message, Signature));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [Trait("Requirement", "SR-CRYPTO-003")]
    public void Small_order_public_key_is_rejected_with_a_signature_that_solves_the_equation(int index)
    {
        // With A of order n | 8, [k]A vanishes whenever n divides k: R = [s]B, S = s then satisfies
        // [S]B = R + [k]A. Such signatures exist for every message (about one choice of s in n works), so
        // only the small-order check refuses them: without it this test fails.
        byte[] key = SmallOrderPoints.Get(index);
        VerificationWorkspace w = new();
        Assert.True(PointEncoding.TryDecode(w.Key, key, 0, w));
        (BigInteger X, BigInteger Y) a = EdwardsReference.Affine(w.Key);
        Random random = new(8032 + index);
        for (int attempt = 0; attempt < 200; attempt++)
        {
            BigInteger s = SignatureMutation.RandomScalar(random);
            byte[] r = EdwardsReference.Encode(EdwardsReference.Multiply(s, EdwardsReference.Base));
            BigInteger k = BouncyCastleOracle.Challenge(r, key, Message);
            if (EdwardsReference.Multiply(k, a) != EdwardsReference.Identity)
            {
                continue;
            }

            byte[] signature = [.. r, .. FieldReference.ToLittleEndian(s, 32)];
            Assert.True(BouncyCastleOracle.Verify(key, Message, signature), $"small-order key {index}: BouncyCastle (no small-order check) accepts it");
            Assert.False(Ed25519.Verify(key, Message, signature), $"small-order key {index}, attempt {attempt}");
            return;
        }

        Assert.Fail($"no signature found for small-order key {index}");
    }

    [Theory]
    [InlineData(0, 64)]
    [InlineData(31, 64)]
    [InlineData(33, 64)]
    [InlineData(32, 63)]
    [InlineData(32, 65)]
    [InlineData(32, 0)]
    [Trait("Requirement", "SR-CRYPTO-004")]
    public void Wrong_lengths_return_false(int keyLength, int signatureLength)
    {
        byte[] key = new byte[keyLength];
        Array.Copy(PublicKey, key, Math.Min(keyLength, 32));
        byte[] signature = new byte[signatureLength];
        Array.Copy(Signature, signature, Math.Min(signatureLength, 64));

        Assert.False(Ed25519.Verify(key, Message, signature));
        Assert.False(Ed25519.Verify(key, [], Message, signature));
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-004")]
    public void Null_arguments_are_argument_errors()
    {
        Assert.Throws<ArgumentNullException>(() => Ed25519.Verify(null!, Message, Signature));
        Assert.Throws<ArgumentNullException>(() => Ed25519.Verify(PublicKey, null!, Signature));
        Assert.Throws<ArgumentNullException>(() => Ed25519.Verify(PublicKey, Message, null!));
        Assert.Throws<ArgumentNullException>(() => Ed25519.Verify(PublicKey, null!, Message, Signature));
        Assert.Throws<ArgumentNullException>(() => Ed25519.Verify(PublicKey, [], null!, Signature));
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-004")]
    public void All_zero_and_all_ones_inputs_return_false()
    {
        Assert.False(Ed25519.Verify(new byte[32], [], new byte[64]));
        Assert.False(Ed25519.Verify(Enumerable.Repeat((byte)0xFF, 32).ToArray(), [], Enumerable.Repeat((byte)0xFF, 64).ToArray()));
        Assert.False(Ed25519.Verify(PublicKey, Message, new byte[64]));
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-001")]
    public void Verification_does_not_modify_its_inputs()
    {
        byte[] key = (byte[])PublicKey.Clone();
        byte[] message = (byte[])Message.Clone();
        byte[] signature = (byte[])Signature.Clone();

        Assert.True(Ed25519.Verify(key, message, signature));
        Assert.Equal(PublicKey, key);
        Assert.Equal(Message, message);
        Assert.Equal(Signature, signature);
    }

    private static byte[] WithS(BigInteger s)
    {
        byte[] signature = (byte[])Signature.Clone();
        Array.Copy(FieldReference.ToLittleEndian(s, 32), 0, signature, 32, 32);
        return signature;
    }
}
