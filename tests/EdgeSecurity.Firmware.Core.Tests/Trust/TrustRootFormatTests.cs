using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Tests.Serialization;
using EdgeSecurity.Firmware.Core.Trust;

namespace EdgeSecurity.Firmware.Core.Tests.Trust;

public class TrustRootFormatTests
{
    private readonly TrustRootFixture _keys = new();

    [Fact]
    public void Trust_root_round_trips()
    {
        TrustRoot root = _keys.Build(version: 3, revoked: [new byte[16]]);
        TrustRoot parsed = TrustRoot.Parse(root.ToBytes());
        Assert.Equal(3, parsed.Version);
        Assert.Equal(TrustRootFixture.FarFuture, parsed.ExpiresUnixSeconds);
        Assert.Equal(6, parsed.KeyCount);
        Assert.Equal(2, parsed.FindRole(TrustRoleNames.Release)!.Threshold);
        Assert.True(parsed.IsRevoked(new byte[16]));
        Assert.Equal(_keys.RootSigners[1].PublicKey, parsed.FindKey(_keys.RootSigners[1].KeyId)!.PublicKey);
        Assert.Equal(root.ToBytes(), parsed.ToBytes());
    }

    [Fact]
    [Trait("Requirement", "SR-FMT-001")]
    [Trait("Requirement", "SR-FMT-002")]
    public void Trust_root_parser_accepts_or_rejects_cleanly_under_mutation()
    {
        ParserRobustness.Check(_keys.Build(revoked: [new byte[16]]).ToBytes(), bytes => TrustRoot.Parse(bytes).ToBytes());
    }

    [Fact]
    [Trait("Requirement", "SR-FMT-001")]
    [Trait("Requirement", "SR-FMT-002")]
    public void Signed_trust_root_parser_accepts_or_rejects_cleanly_under_mutation()
    {
        TrustRoot root = _keys.Build();
        ParserRobustness.Check(TrustRootFixture.Sign(root, _keys.RootSigners).ToBytes(), bytes => SignedTrustRoot.Parse(bytes).ToBytes());
    }

    [Fact]
    public void Missing_release_role_is_rejected()
    {
        byte[][] ids = _keys.RootSigners.Select(s => s.KeyId).ToArray();
        var e = Assert.Throws<MalformedDataException>(() => new TrustRoot(1, TrustRootFixture.FarFuture, _keys.RootSigners.Select(s => s.TrustedKey).ToArray(), [new TrustRole("root", 1, ids), new TrustRole("campaign", 1, ids)], []));
        Assert.Equal(MalformedReason.MissingEntry, e.Reason);
        Assert.Contains("release", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Role_key_that_is_not_listed_is_rejected()
    {
        var stranger = new TestSigner();
        var e = Assert.Throws<MalformedDataException>(() => new TrustRoot(1, TrustRootFixture.FarFuture, _keys.RootSigners.Select(s => s.TrustedKey).ToArray(), [new TrustRole("root", 1, [_keys.RootSigners[0].KeyId]), new TrustRole("release", 1, [stranger.KeyId])], []));
        Assert.Equal(MalformedReason.MissingEntry, e.Reason);
    }

    [Fact]
    public void Duplicates_are_rejected()
    {
        TrustedKey key = _keys.RootSigners[0].TrustedKey;
        byte[][] id = [key.KeyId];
        TrustRole[] roles = [new TrustRole("root", 1, id), new TrustRole("release", 1, id)];
        Assert.Equal(MalformedReason.DuplicateEntry, Assert.Throws<MalformedDataException>(() => new TrustRoot(1, 10, [key, key], roles, [])).Reason);
        Assert.Equal(MalformedReason.DuplicateEntry, Assert.Throws<MalformedDataException>(() => new TrustRoot(1, 10, [key], [roles[0], roles[0], roles[1]], [])).Reason);
        Assert.Equal(MalformedReason.DuplicateEntry, Assert.Throws<MalformedDataException>(() => new TrustRoot(1, 10, [key], roles, [new byte[16], new byte[16]])).Reason);
        Assert.Equal(MalformedReason.DuplicateEntry, Assert.Throws<MalformedDataException>(() => new TrustRole("root", 1, [key.KeyId, key.KeyId])).Reason);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 2)]
    public void Threshold_must_be_between_one_and_the_role_key_count(int threshold, int keys)
    {
        var e = Assert.Throws<MalformedDataException>(() => new TrustRole("release", threshold, _keys.ReleaseSigners.Take(keys).Select(s => s.KeyId).ToArray()));
        Assert.Equal(MalformedReason.ValueOutOfRange, e.Reason);
    }

    [Fact]
    public void Role_names_are_lowercase_identifiers()
    {
        Assert.Equal(MalformedReason.InvalidText, Assert.Throws<MalformedDataException>(() => new TrustRole("Release", 1, [new byte[16]])).Reason);
    }

    [Fact]
    public void Ed25519_keys_must_be_32_bytes()
    {
        Assert.Equal(MalformedReason.LengthOutOfRange, Assert.Throws<MalformedDataException>(() => new TrustedKey(new byte[16], SignatureAlgorithm.Ed25519, new byte[33])).Reason);
    }
}
