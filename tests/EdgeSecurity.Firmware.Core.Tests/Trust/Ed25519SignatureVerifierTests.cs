using EdgeSecurity.Firmware.Core.Trust;

namespace EdgeSecurity.Firmware.Core.Tests.Trust;

/// <summary>
/// The core's Ed25519 adapter as the trust layer sees it: the <see cref="ISignatureVerifier"/> contract says a
/// malformed argument is answered false, never with an exception, so one missing field cannot turn a refusal
/// into a crash of the caller, nor into an acceptance.
/// </summary>
public class Ed25519SignatureVerifierTests
{
    private static readonly byte[] Payload = [0x45, 0x53, 0x54, 0x52, 1, 2, 3];

    [Fact]
    [Trait("Requirement", "SR-TRUST-001")]
    public void A_signature_an_independent_signer_made_verifies_and_a_changed_one_does_not()
    {
        var signer = new TestSigner();
        byte[] prefix = SigningContext.GetTrustRootPrefix();
        byte[] signature = signer.Sign(prefix, Payload).Signature;
        var verifier = new Ed25519SignatureVerifier();

        Assert.Equal(SignatureAlgorithm.Ed25519, verifier.Algorithm);
        Assert.True(verifier.Verify(signer.PublicKey, prefix, Payload, signature));
        signature[10] ^= 0x01;
        Assert.False(verifier.Verify(signer.PublicKey, prefix, Payload, signature));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [Trait("Requirement", "SR-TRUST-001")]
    public void A_missing_argument_is_refused_without_an_exception_even_next_to_a_genuine_signature(int missing)
    {
        var signer = new TestSigner();
        byte[] prefix = SigningContext.GetTrustRootPrefix();
        byte[]?[] arguments = [signer.PublicKey, prefix, Payload, signer.Sign(prefix, Payload).Signature];
        arguments[missing] = null;

        bool verified = new Ed25519SignatureVerifier().Verify(arguments[0]!, arguments[1]!, arguments[2]!, arguments[3]!);

        Assert.False(verified);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-001")]
    public void No_arguments_at_all_are_no_valid_signature()
    {
        Assert.False(new Ed25519SignatureVerifier().Verify(null!, null!, null!, null!));
    }
}
