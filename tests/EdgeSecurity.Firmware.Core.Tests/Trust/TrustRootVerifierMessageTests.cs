using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Platform.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.Trust;

/// <summary>
/// The verifier's message is what an operator reads in the device's update report: every verdict names the
/// versions involved, the rule that decided, and (for a signature threshold) how many signatures were
/// valid, invalid, by revoked keys and by unknown keys, so the signer knows what to fix.
/// </summary>
public class TrustRootVerifierMessageTests
{
    private const long Now = 1_800_000_000;
    private readonly TrustRootFixture _keys = new(rootKeys: 3, rootThreshold: 2);
    private readonly TrustRootVerifier _verifier = new(new BouncyCastleEd25519Verifier(), new HmacSha256MacPrimitive());

    [Fact]
    [Trait("Requirement", "SR-TRUST-001")]
    [Trait("Requirement", "SR-TRUST-002")]
    [Trait("Requirement", "SR-TRUST-003")]
    public void A_threshold_refusal_counts_every_kind_of_signature_that_did_not_count()
    {
        TestSigner[] root = _keys.RootSigners;
        TrustRoot candidate = _keys.Build(version: 1, revoked: [root[1].KeyId]);
        byte[] bytes = candidate.ToBytes();
        SignedTrustRoot signed = SignedTrustRoot.Create(bytes, [
            root[0].SignTrustRoot(bytes), // valid
            root[1].SignTrustRoot(bytes), // by a revoked key
            root[2].SignManifest(bytes), // another domain: does not verify
            _keys.ReleaseSigners[0].SignTrustRoot(bytes), // not a root-role key
        ]);

        TrustRootVerification result = _verifier.VerifyInitial(signed, Now);

        Assert.Equal(TrustRootFailure.RevokedKey, result.Failure);
        Assert.False(result.FailedOnCurrentRoot); // a first install has no current root to blame
        Assert.Contains("trust root v1 is not signed by its own root role", result.Message, StringComparison.Ordinal);
        Assert.Contains("1 valid signature(s)", result.Message, StringComparison.Ordinal);
        Assert.Matches(@"threshold 2\D", result.Message); // the threshold does not run into the next count
        Assert.Contains("1 invalid", result.Message, StringComparison.Ordinal);
        Assert.Contains("1 by revoked keys", result.Message, StringComparison.Ordinal);
        Assert.Contains("1 by unknown keys", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-002")]
    public void An_accepted_first_root_names_its_version()
    {
        TrustRootVerification result = _verifier.VerifyInitial(TrustRootFixture.Sign(_keys.Build(version: 3), _keys.RootSigners), Now);

        Assert.True(result.IsValid, result.Message);
        Assert.Contains("trust root v3 accepted", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-005")]
    public void A_rotation_that_does_not_raise_the_version_names_both_versions_and_the_rule()
    {
        TrustRootVerification result = _verifier.VerifyRotation(_keys.Build(version: 5), TrustRootFixture.Sign(_keys.Build(version: 4), _keys.RootSigners), Now);

        Assert.Equal(TrustRootFailure.VersionNotIncreasing, result.Failure);
        Assert.Contains("trust root v4", result.Message, StringComparison.Ordinal);
        Assert.Contains("current v5", result.Message, StringComparison.Ordinal);
        Assert.Contains("the version must be greater", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-005")]
    public void A_rotation_refused_by_either_root_says_which_one()
    {
        TrustRoot current = _keys.Build(version: 1);
        var next = new TrustRootFixture();
        TrustRoot candidate = next.Build(version: 2);

        TrustRootVerification byCurrent = _verifier.VerifyRotation(current, TrustRootFixture.Sign(candidate, _keys.RootSigners[0], next.RootSigners[0], next.RootSigners[1]), Now);
        TrustRootVerification byNext = _verifier.VerifyRotation(current, TrustRootFixture.Sign(candidate, _keys.RootSigners[0], _keys.RootSigners[1], next.RootSigners[0]), Now);

        Assert.Matches(@"rotation to trust root v2 is not authorized by the current root v1\D", byCurrent.Message);
        Assert.Contains("trust root v2 is not signed by its own root role", byNext.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-005")]
    public void An_accepted_rotation_names_both_versions()
    {
        TrustRootVerification result = _verifier.VerifyRotation(_keys.Build(version: 1), TrustRootFixture.Sign(_keys.Build(version: 2), _keys.RootSigners), Now);

        Assert.True(result.IsValid, result.Message);
        Assert.Contains("rotation from trust root v1 to v2 accepted", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-006")]
    public void An_expired_root_names_its_expiry_and_the_clock_reading()
    {
        const long expires = Now - 60;
        TrustRootVerification result = _verifier.VerifyInitial(TrustRootFixture.Sign(_keys.Build(version: 1, expires: expires), _keys.RootSigners), Now);

        Assert.Equal(TrustRootFailure.Expired, result.Failure);
        Assert.Contains($"trust root v1 expired at {expires}", result.Message, StringComparison.Ordinal);
        Assert.Contains($"now {Now}", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-002")]
    public void A_key_id_mismatch_names_the_listed_id_and_the_id_of_the_key()
    {
        TestSigner a = _keys.RootSigners[0];
        TestSigner b = _keys.RootSigners[1];
        var liar = new TrustedKey(a.KeyId, SignatureAlgorithm.Ed25519, b.PublicKey);
        byte[][] ids = [a.KeyId];
        var root = new TrustRoot(1, TrustRootFixture.FarFuture, [liar], [new TrustRole("root", 1, ids), new TrustRole("release", 1, ids)], []);

        TrustRootVerification result = _verifier.VerifyInitial(TrustRootFixture.Sign(root, a), Now);

        Assert.Equal(TrustRootFailure.KeyIdMismatch, result.Failure);
        Assert.Contains($"trust root v1 lists key id {KeyIds.ToHex(a.KeyId)}", result.Message, StringComparison.Ordinal);
        Assert.Contains($"for a public key whose id is {KeyIds.ToHex(b.KeyId)}", result.Message, StringComparison.Ordinal);
    }
}
