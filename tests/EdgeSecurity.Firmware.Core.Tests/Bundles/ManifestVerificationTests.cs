using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Tests.Trust;
using EdgeSecurity.Firmware.Core.Trust;

namespace EdgeSecurity.Firmware.Core.Tests.Bundles;

public class ManifestVerificationTests
{
    private const long Now = BundleFixture.Created + 100;
    private readonly BundleFixture _bundle = new(new TrustRootFixture(releaseKeys: 3, releaseThreshold: 2));

    [Fact]
    [Trait("Requirement", "SR-TRUST-001")]
    public void Two_of_three_release_signatures_pass()
    {
        BundleVerification result = _bundle.VerifyManifest(_bundle.Sign(2), Now);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(2, result.ValidSignatures);
        Assert.Equal(2, result.RequiredSignatures);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-001")]
    public void One_of_two_required_signatures_fails_with_counts()
    {
        BundleVerification result = _bundle.VerifyManifest(_bundle.Sign(1), Now);
        Assert.Equal(BundleFailure.ThresholdNotMet, result.Failure);
        Assert.Equal(1, result.ValidSignatures);
        Assert.Equal(2, result.RequiredSignatures);
        Assert.Contains("1 valid signature(s)", result.Message, StringComparison.Ordinal);
        Assert.Contains("threshold 2", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-001")]
    public void Duplicate_signer_counts_once()
    {
        TestSigner one = _bundle.Keys.ReleaseSigners[0];
        BundleVerification result = _bundle.VerifyManifest(_bundle.SignWith(one, one), Now);
        Assert.Equal(BundleFailure.ThresholdNotMet, result.Failure);
        Assert.Equal(1, result.ValidSignatures);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-001")]
    public void Unknown_signer_is_ignored_when_the_threshold_is_met()
    {
        TestSigner[] release = _bundle.Keys.ReleaseSigners;
        BundleVerification result = _bundle.VerifyManifest(_bundle.SignWith(new TestSigner(), release[0], release[1]), Now);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(1, result.Tally.Unknown);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-001")]
    public void Unknown_signer_does_not_complete_a_threshold()
    {
        BundleVerification result = _bundle.VerifyManifest(_bundle.SignWith(new TestSigner(), _bundle.Keys.ReleaseSigners[0]), Now);
        Assert.Equal(BundleFailure.UnknownKey, result.Failure);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-001")]
    public void Root_keys_cannot_sign_releases()
    {
        BundleVerification result = _bundle.VerifyManifest(_bundle.SignWith(_bundle.Keys.RootSigners), Now);
        Assert.Equal(BundleFailure.UnknownKey, result.Failure);
        Assert.Equal(0, result.ValidSignatures);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-003")]
    public void Revoked_release_key_is_not_counted()
    {
        TestSigner[] release = _bundle.Keys.ReleaseSigners;
        TrustRoot root = _bundle.Keys.Build(revoked: [release[1].KeyId]);
        BundleVerification result = _bundle.Verifier.VerifyManifest(_bundle.SignWith(release[0], release[1]), root, BundleFixture.HardwareClass, 0, Now);
        Assert.Equal(BundleFailure.RevokedKey, result.Failure);
        Assert.Equal(1, result.ValidSignatures);
        Assert.True(_bundle.Verifier.VerifyManifest(_bundle.SignWith(release[0], release[2]), root, BundleFixture.HardwareClass, 0, Now).IsValid);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-004")]
    public void Trust_root_signature_is_not_a_manifest_signature()
    {
        TestSigner[] release = _bundle.Keys.ReleaseSigners;
        SignedManifest crossContext = SignedManifest.Create(_bundle.ManifestBytes, release.Select(s => s.SignTrustRoot(_bundle.ManifestBytes)).ToArray());
        Assert.Equal(BundleFailure.BadSignature, _bundle.VerifyManifest(crossContext, Now).Failure);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-007")]
    public void Wrong_hardware_class_is_rejected()
    {
        BundleVerification result = _bundle.VerifyManifest(_bundle.Sign(), Now, hardwareClass: "esp32-s3-16mb");
        Assert.Equal(BundleFailure.WrongHardwareClass, result.Failure);
        Assert.Contains("esp32-s3-16mb", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-007")]
    public void Lower_security_counter_is_rollback_and_equal_is_accepted()
    {
        Assert.Equal(BundleFailure.CounterRollback, _bundle.VerifyManifest(_bundle.Sign(), Now, minimumCounter: BundleFixture.SecurityCounter + 1).Failure);
        Assert.True(_bundle.VerifyManifest(_bundle.Sign(), Now, minimumCounter: BundleFixture.SecurityCounter).IsValid);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-006")]
    public void Expired_manifest_is_refused_with_a_trusted_clock_but_not_at_boot()
    {
        SignedManifest signed = _bundle.Sign();
        Assert.Equal(BundleFailure.Expired, _bundle.VerifyManifest(signed, BundleFixture.Expires).Failure);
        Assert.True(_bundle.VerifyManifest(signed, BundleFixture.Expires - 1).IsValid);
        Assert.True(_bundle.VerifyManifest(signed, BundleVerifier.ExpiryNotChecked).IsValid);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-006")]
    public void Expired_trust_root_refuses_new_bundles_only_with_a_trusted_clock()
    {
        TrustRoot root = _bundle.Keys.Build(expires: Now);
        Assert.Equal(BundleFailure.TrustRootExpired, _bundle.Verifier.VerifyManifest(_bundle.Sign(), root, BundleFixture.HardwareClass, 0, Now).Failure);
        Assert.True(_bundle.Verifier.VerifyManifest(_bundle.Sign(), root, BundleFixture.HardwareClass, 0, BundleVerifier.ExpiryNotChecked).IsValid);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-001")]
    [Trait("Requirement", "SR-FMT-001")]
    public void Flipping_any_byte_of_a_signed_manifest_fails_with_the_reason_of_that_region()
    {
        byte[] valid = _bundle.Sign().ToBytes();
        int payloadEnd = 10 + _bundle.ManifestBytes.Length;
        for (int position = 0; position < valid.Length; position++)
        {
            byte[] flipped = (byte[])valid.Clone();
            flipped[position] ^= 0x01;
            BundleFailure outcome = Outcome(flipped);
            BundleFailure[] expected = ExpectedFailures(position, payloadEnd);
            Assert.True(expected.Contains(outcome), $"byte {position}: {outcome}, expected one of {string.Join(", ", expected)}");
        }
    }

    [Fact]
    public void Core_Ed25519_verifies_what_an_independent_signer_signed()
    {
        var verifier = new BundleVerifier(new Ed25519SignatureVerifier(), BundleFixture.Mac);
        SignedManifest signed = _bundle.Sign();
        Assert.True(verifier.VerifyManifest(signed, _bundle.Root, BundleFixture.HardwareClass, 0, Now).IsValid);
        byte[] tampered = signed.ToBytes();
        tampered[20] ^= 0x80;
        Assert.Equal(BundleFailure.BadSignature, verifier.VerifyManifest(SignedManifest.Parse(tampered), _bundle.Root, BundleFixture.HardwareClass, 0, Now).Failure);
    }

    private static BundleFailure[] ExpectedFailures(int position, int payloadEnd)
    {
        if (position < 10 || position == payloadEnd)
        {
            return [BundleFailure.Malformed]; // envelope magic, version, payload length, signature count
        }

        if (position < payloadEnd)
        {
            return [BundleFailure.Malformed, BundleFailure.BadSignature];
        }

        const int entryLength = 16 + 1 + 2 + 64;
        int inEntry = (position - payloadEnd - 1) % entryLength;
        return inEntry switch
        {
            < 16 => [BundleFailure.UnknownKey],
            16 => [BundleFailure.Malformed],    // algorithm 1 becomes 0, which is no algorithm
            < 19 => [BundleFailure.Malformed],  // signature length
            _ => [BundleFailure.BadSignature],
        };
    }

    private BundleFailure Outcome(byte[] signedManifestBytes)
    {
        try
        {
            return _bundle.VerifyManifest(SignedManifest.Parse(signedManifestBytes), Now).Failure;
        }
        catch (MalformedDataException)
        {
            return BundleFailure.Malformed;
        }
    }
}
