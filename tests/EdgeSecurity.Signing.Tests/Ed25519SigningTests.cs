using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Signing.Keys;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSecurity.Signing.Tests;

/// <summary>Signatures made by the tools (BouncyCastle) are what the device's verifier (the core) accepts.</summary>
public sealed class Ed25519SigningTests
{
    [Fact]
    [Trait("Requirement", "SR-KEY-001")]
    public void Rfc8032_test_vector_1_signs_as_specified()
    {
        using var key = Ed25519PrivateKey.FromSeed(Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));

        Assert.Equal("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", Convert.ToHexStringLower(key.PublicKey.ToArray()));
        Assert.Equal(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            Convert.ToHexStringLower(key.Sign([])));
    }

    [Fact]
    [Trait("Requirement", "SR-KEY-001")]
    public void Signatures_by_the_tools_verify_with_the_cores_verifier_and_only_for_their_message()
    {
        using var key = Ed25519PrivateKey.Generate();
        var property = Prop.ForAll<byte[], byte>((message, flip) =>
        {
            var signature = key.Sign(message);
            var verifies = Ed25519.Verify(key.PublicKey.ToArray(), message, signature);
            var tampered = (byte[])signature.Clone();
            tampered[flip % tampered.Length] ^= 0x01;
            return verifies && !Ed25519.Verify(key.PublicKey.ToArray(), message, tampered);
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(50), property);
    }
}
