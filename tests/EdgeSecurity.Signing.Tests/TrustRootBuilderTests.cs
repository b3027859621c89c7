using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Signing.Keys;
using EdgeSecurity.Signing.TrustRoots;

namespace EdgeSecurity.Signing.Tests;

public sealed class TrustRootBuilderTests : IDisposable
{
    private static readonly long Expires = DateTimeOffset.UtcNow.AddYears(1).ToUnixTimeSeconds();
    private static readonly long Now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private readonly Ed25519PrivateKey[] _rootKeys = [Ed25519PrivateKey.Generate(), Ed25519PrivateKey.Generate()];
    private readonly Ed25519PrivateKey[] _releaseKeys = [Ed25519PrivateKey.Generate(), Ed25519PrivateKey.Generate(), Ed25519PrivateKey.Generate()];

    public void Dispose()
    {
        foreach (var key in _rootKeys.Concat(_releaseKeys))
        {
            key.Dispose();
        }
    }

    [Fact]
    [Trait("Requirement", "SR-KEY-006")]
    public void A_new_root_verifies_once_a_threshold_of_its_root_keys_signed_it()
    {
        var unsigned = TrustRootFile.Unsigned(CreateRoot());
        var once = unsigned.AddSignature(_rootKeys[0]);
        var twice = TrustRootFile.Parse(once.AddSignature(_rootKeys[1]).ToBytes());

        Assert.Equal(TrustRootFailure.ThresholdNotMet, once.VerifyInitial(Now).Failure);
        Assert.True(twice.VerifyInitial(Now).IsValid, twice.VerifyInitial(Now).Message);
        Assert.Equal(unsigned.Payload, twice.Payload);
        Assert.Equal(2, twice.Root.FindRole(TrustRoleNames.Release).Threshold);
    }

    [Fact]
    [Trait("Requirement", "SR-KEY-006")]
    public void The_same_key_cannot_sign_twice()
    {
        var once = TrustRootFile.Unsigned(CreateRoot()).AddSignature(_rootKeys[0]);

        var error = Assert.Throws<SigningException>(() => once.AddSignature(_rootKeys[0]));

        Assert.Contains(_rootKeys[0].PublicKey.KeyId, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-KEY-007")]
    public void Revoking_a_key_removes_it_from_every_role_lists_it_and_raises_the_version()
    {
        var revokedId = _releaseKeys[2].PublicKey.KeyIdBytes;

        var next = TrustRootBuilder.RevokeKey(CreateRoot(), revokedId);

        Assert.Equal(2, next.Version);
        Assert.True(next.IsRevoked(revokedId));
        Assert.False(next.FindRole(TrustRoleNames.Release).Contains(revokedId));
        Assert.Null(next.FindKey(revokedId));
        Assert.Equal(Expires, next.ExpiresUnixSeconds);
    }

    [Fact]
    [Trait("Requirement", "SR-KEY-007")]
    public void Revoking_below_a_threshold_is_refused_with_what_to_do()
    {
        var root = TrustRootBuilder.RevokeKey(CreateRoot(), _releaseKeys[2].PublicKey.KeyIdBytes);

        var error = Assert.Throws<SigningException>(() => TrustRootBuilder.RevokeKey(root, _releaseKeys[1].PublicKey.KeyIdBytes));

        Assert.Contains("rotate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-KEY-008")]
    public void A_rotation_signed_by_old_and_new_root_keys_is_accepted_from_the_old_root()
    {
        using var newRoot = Ed25519PrivateKey.Generate();
        var current = TrustRootFile.Unsigned(CreateRoot()).AddSignature(_rootKeys[0]).AddSignature(_rootKeys[1]);
        var next = TrustRootBuilder.Rotate(current.Root, new TrustRootChanges { RootKeys = [newRoot.PublicKey], RootThreshold = 1 });

        var byOldOnly = TrustRootFile.Unsigned(next).AddSignature(_rootKeys[0]).AddSignature(_rootKeys[1]);
        var byBoth = byOldOnly.AddSignature(newRoot);

        Assert.Equal(2, next.Version);
        Assert.Equal(3, next.FindRole(TrustRoleNames.Release).KeyCount);
        Assert.False(byOldOnly.VerifyRotationFrom(current.Root, Now).IsValid);
        Assert.True(byBoth.VerifyRotationFrom(current.Root, Now).IsValid, byBoth.VerifyRotationFrom(current.Root, Now).Message);
        Assert.Null(next.FindKey(_rootKeys[0].PublicKey.KeyIdBytes));
    }

    [Fact]
    [Trait("Requirement", "SR-KEY-007")]
    public void A_revoked_key_cannot_be_given_a_role_again()
    {
        var revoked = TrustRootBuilder.RevokeKey(CreateRoot(), _releaseKeys[2].PublicKey.KeyIdBytes);

        Assert.Throws<SigningException>(() => TrustRootBuilder.Rotate(revoked, new TrustRootChanges
        {
            ReleaseKeys = [.. _releaseKeys.Select(k => k.PublicKey)],
        }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Thresholds_outside_one_to_the_key_count_are_refused(int threshold)
    {
        var error = Assert.Throws<SigningException>(() => TrustRootBuilder.Create(
            1, Expires, [.. _rootKeys.Select(k => k.PublicKey)], 1, [.. _releaseKeys.Select(k => k.PublicKey)], threshold));

        Assert.Contains("release", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_given_twice_for_a_role_is_refused()
    {
        Assert.Throws<SigningException>(() => TrustRootBuilder.Create(
            1, Expires, [_rootKeys[0].PublicKey, _rootKeys[0].PublicKey], 1, [_releaseKeys[0].PublicKey], 1));
    }

    private TrustRoot CreateRoot() => TrustRootBuilder.Create(
        1, Expires, [.. _rootKeys.Select(k => k.PublicKey)], 2, [.. _releaseKeys.Select(k => k.PublicKey)], 2);
}
