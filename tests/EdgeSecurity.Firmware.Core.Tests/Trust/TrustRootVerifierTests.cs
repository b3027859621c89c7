using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Platform.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.Trust;

public class TrustRootVerifierTests
{
    private const long Now = 1_800_000_000;
    private readonly TrustRootFixture _keys = new(rootKeys: 3, rootThreshold: 2);
    private readonly TrustRootVerifier _verifier = new(new BouncyCastleEd25519Verifier(), new HmacSha256MacPrimitive());

    [Fact]
    [Trait("Requirement", "SR-TRUST-002")]
    public void Initial_root_signed_by_its_own_threshold_is_accepted()
    {
        TrustRootVerification result = _verifier.VerifyInitial(TrustRootFixture.Sign(_keys.Build(), _keys.RootSigners[0], _keys.RootSigners[2]), Now);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(2, result.Tally.Valid);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-001")]
    public void One_of_two_required_signatures_is_not_enough()
    {
        TrustRootVerification result = _verifier.VerifyInitial(TrustRootFixture.Sign(_keys.Build(), _keys.RootSigners[0]), Now);
        Assert.Equal(TrustRootFailure.ThresholdNotMet, result.Failure);
        Assert.Equal(1, result.Tally.Valid);
        Assert.Equal(2, result.Tally.Threshold);
        Assert.Contains("threshold 2", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-001")]
    public void Duplicate_signatures_by_one_key_count_once()
    {
        TestSigner signer = _keys.RootSigners[0];
        TrustRootVerification result = _verifier.VerifyInitial(TrustRootFixture.Sign(_keys.Build(), signer, signer, signer), Now);
        Assert.Equal(TrustRootFailure.ThresholdNotMet, result.Failure);
        Assert.Equal(1, result.Tally.Valid);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-003")]
    public void Revoked_root_key_does_not_count()
    {
        TrustRoot root = _keys.Build(revoked: [_keys.RootSigners[1].KeyId]);
        TrustRootVerification result = _verifier.VerifyInitial(TrustRootFixture.Sign(root, _keys.RootSigners[0], _keys.RootSigners[1]), Now);
        Assert.Equal(TrustRootFailure.RevokedKey, result.Failure);
        Assert.Equal(1, result.Tally.Valid);
        Assert.Equal(1, result.Tally.Revoked);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-001")]
    public void A_genuine_signature_labelled_with_another_algorithm_than_its_keys_does_not_count()
    {
        TrustRoot root = _keys.Build();
        byte[] bytes = root.ToBytes();
        SignatureEntry genuine = _keys.RootSigners[1].SignTrustRoot(bytes);
        var relabelled = new SignatureEntry(genuine.KeyId, (SignatureAlgorithm)2, genuine.Signature);
        SignedTrustRoot signed = SignedTrustRoot.Create(bytes, [_keys.RootSigners[0].SignTrustRoot(bytes), relabelled]);

        TrustRootVerification result = _verifier.VerifyInitial(signed, Now);

        Assert.Equal(TrustRootFailure.BadSignature, result.Failure);
        Assert.Equal((1, 1), (result.Tally.Valid, result.Tally.Invalid));
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-002")]
    public void Release_keys_cannot_sign_a_trust_root()
    {
        TrustRootVerification result = _verifier.VerifyInitial(TrustRootFixture.Sign(_keys.Build(), _keys.ReleaseSigners), Now);
        Assert.Equal(TrustRootFailure.UnknownKey, result.Failure);
        Assert.Equal(0, result.Tally.Valid);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-004")]
    public void Manifest_signature_is_not_a_trust_root_signature()
    {
        TrustRoot root = _keys.Build();
        byte[] bytes = root.ToBytes();
        SignedTrustRoot signed = SignedTrustRoot.Create(bytes, _keys.RootSigners.Select(s => s.SignManifest(bytes)).ToArray());
        Assert.Equal(TrustRootFailure.BadSignature, _verifier.VerifyInitial(signed, Now).Failure);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-002")]
    public void Key_id_that_does_not_match_its_key_is_rejected()
    {
        TestSigner a = _keys.RootSigners[0];
        var liar = new TrustedKey(a.KeyId, SignatureAlgorithm.Ed25519, _keys.RootSigners[1].PublicKey);
        byte[][] ids = [a.KeyId];
        var root = new TrustRoot(1, TrustRootFixture.FarFuture, [liar], [new TrustRole("root", 1, ids), new TrustRole("release", 1, ids)], []);
        TrustRootVerification result = _verifier.VerifyInitial(TrustRootFixture.Sign(root, a), Now);
        Assert.Equal(TrustRootFailure.KeyIdMismatch, result.Failure);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-006")]
    public void Expired_root_is_rejected_only_with_a_trusted_clock()
    {
        SignedTrustRoot signed = TrustRootFixture.Sign(_keys.Build(expires: Now), _keys.RootSigners);
        Assert.Equal(TrustRootFailure.Expired, _verifier.VerifyInitial(signed, Now).Failure);
        Assert.True(_verifier.VerifyInitial(signed, Now - 1).IsValid);
        Assert.True(_verifier.VerifyInitial(signed, TrustRootVerifier.ClockNotTrusted).IsValid);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-005")]
    public void Rotation_signed_by_old_and_new_root_thresholds_is_accepted()
    {
        TrustRoot current = _keys.Build(version: 1);
        var next = new TrustRootFixture();
        SignedTrustRoot candidate = TrustRootFixture.Sign(next.Build(version: 2), _keys.RootSigners[0], _keys.RootSigners[1], next.RootSigners[0], next.RootSigners[1]);
        TrustRootVerification result = _verifier.VerifyRotation(current, candidate, Now);
        Assert.True(result.IsValid, result.Message);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-005")]
    public void Rotation_without_the_current_root_threshold_is_rejected()
    {
        TrustRoot current = _keys.Build(version: 1);
        var next = new TrustRootFixture();
        SignedTrustRoot candidate = TrustRootFixture.Sign(next.Build(version: 2), _keys.RootSigners[0], next.RootSigners[0], next.RootSigners[1]);
        TrustRootVerification result = _verifier.VerifyRotation(current, candidate, Now);
        Assert.Equal(TrustRootFailure.UnknownKey, result.Failure);
        Assert.True(result.FailedOnCurrentRoot);
        Assert.Equal(1, result.Tally.Valid);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-005")]
    public void Rotation_without_the_new_root_threshold_is_rejected()
    {
        TrustRoot current = _keys.Build(version: 1);
        var next = new TrustRootFixture();
        SignedTrustRoot candidate = TrustRootFixture.Sign(next.Build(version: 2), _keys.RootSigners[0], _keys.RootSigners[1], next.RootSigners[2]);
        TrustRootVerification result = _verifier.VerifyRotation(current, candidate, Now);
        Assert.False(result.IsValid);
        Assert.False(result.FailedOnCurrentRoot);
        Assert.Equal(1, result.Tally.Valid);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [Trait("Requirement", "SR-TRUST-005")]
    public void Rotation_must_increase_the_version(int delta)
    {
        TrustRoot current = _keys.Build(version: 5);
        SignedTrustRoot candidate = TrustRootFixture.Sign(_keys.Build(version: 5 - delta), _keys.RootSigners);
        Assert.Equal(TrustRootFailure.VersionNotIncreasing, _verifier.VerifyRotation(current, candidate, Now).Failure);
    }

    [Fact]
    public void Rotation_may_skip_versions_and_keep_keys()
    {
        TrustRoot current = _keys.Build(version: 1);
        SignedTrustRoot candidate = TrustRootFixture.Sign(_keys.Build(version: 4), _keys.RootSigners[0], _keys.RootSigners[2]);
        Assert.True(_verifier.VerifyRotation(current, candidate, Now).IsValid);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-003")]
    public void Key_revoked_by_the_new_root_does_not_count_for_the_current_root_either()
    {
        TrustRoot current = _keys.Build(version: 1);
        SignedTrustRoot candidate = TrustRootFixture.Sign(_keys.Build(version: 2, revoked: [_keys.RootSigners[2].KeyId]), _keys.RootSigners[0], _keys.RootSigners[2]);
        TrustRootVerification result = _verifier.VerifyRotation(current, candidate, Now);
        Assert.Equal(TrustRootFailure.RevokedKey, result.Failure);
        Assert.True(result.FailedOnCurrentRoot);
    }

    [Fact]
    public void Expired_current_root_can_still_be_rotated()
    {
        TrustRoot current = _keys.Build(version: 1, expires: Now - 100);
        SignedTrustRoot candidate = TrustRootFixture.Sign(_keys.Build(version: 2), _keys.RootSigners);
        Assert.True(_verifier.VerifyRotation(current, candidate, Now).IsValid);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-006")]
    public void Expired_candidate_is_rejected_in_rotation()
    {
        TrustRoot current = _keys.Build(version: 1);
        SignedTrustRoot candidate = TrustRootFixture.Sign(_keys.Build(version: 2, expires: Now - 1), _keys.RootSigners);
        Assert.Equal(TrustRootFailure.Expired, _verifier.VerifyRotation(current, candidate, Now).Failure);
    }
}
