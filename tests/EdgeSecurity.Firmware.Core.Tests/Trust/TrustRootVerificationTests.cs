using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Platform.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.Trust;

/// <summary>
/// What a verdict claims besides its failure code: only a rotation refused on the current root's threshold
/// blames the current root, so an operator reading any other verdict is not sent to re-sign with the old keys.
/// </summary>
public class TrustRootVerificationTests
{
    private const long Now = 1_800_000_000;
    private readonly TrustRootFixture _keys = new(rootKeys: 3, rootThreshold: 2);
    private readonly TrustRootVerifier _verifier = new(new BouncyCastleEd25519Verifier(), new HmacSha256MacPrimitive());

    [Fact]
    [Trait("Requirement", "SR-TRUST-005")]
    public void An_accepted_rotation_blames_no_root_and_keeps_its_count()
    {
        TrustRoot current = _keys.Build(version: 1);
        TrustRootVerification result = _verifier.VerifyRotation(current, TrustRootFixture.Sign(_keys.Build(version: 2), _keys.RootSigners), Now);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(TrustRootFailure.None, result.Failure);
        Assert.False(result.FailedOnCurrentRoot);
        Assert.Equal(3, result.Tally.Valid);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-005")]
    public void A_rotation_refused_before_any_signature_was_counted_blames_no_root_and_has_no_count()
    {
        TrustRoot current = _keys.Build(version: 5);
        TrustRootVerification notIncreasing = _verifier.VerifyRotation(current, TrustRootFixture.Sign(_keys.Build(version: 5), _keys.RootSigners), Now);
        TrustRootVerification expired = _verifier.VerifyRotation(current, TrustRootFixture.Sign(_keys.Build(version: 6, expires: Now - 1), _keys.RootSigners), Now);

        Assert.Equal(TrustRootFailure.VersionNotIncreasing, notIncreasing.Failure);
        Assert.Equal(TrustRootFailure.Expired, expired.Failure);
        foreach (TrustRootVerification result in new[] { notIncreasing, expired })
        {
            Assert.False(result.IsValid);
            Assert.False(result.FailedOnCurrentRoot);
            Assert.Null(result.Tally);
        }
    }
}
