using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Trust;

namespace EdgeSecurity.Firmware.Core.Tests.Trust;

/// <summary>
/// The <see cref="TrustRoot"/> constructor, which the signing tools build trust roots with, refuses what the
/// parser would refuse (so a tool cannot sign a root no device accepts), keeps its own copies of what it was
/// given, and finds keys, roles and revocations by id and name.
/// </summary>
public class TrustRootConstructionTests
{
    private static readonly TrustedKey[] Keys = Enumerable.Range(0, 3).Select(Key).ToArray();

    public static TheoryData<string, Func<TrustRoot>, MalformedReason, string, string> Refusals => new()
    {
        { "version 0", () => Build(version: 0), MalformedReason.ValueOutOfRange, "trustRoot.version", "must be 1..4294967295" },
        { "version above u32", () => Build(version: TrustRoot.MaxVersion + 1), MalformedReason.ValueOutOfRange, "trustRoot.version", "must be 1..4294967295" },
        { "expiry 0", () => Build(expires: 0), MalformedReason.ValueOutOfRange, "trustRoot.expires", "must be a positive Unix time" },
        { "expiry negative", () => Build(expires: -1), MalformedReason.ValueOutOfRange, "trustRoot.expires", "must be a positive Unix time" },
        { "no key list", () => new TrustRoot(1, TrustRootFixture.FarFuture, null!, [Role("root"), Role("release")], []), MalformedReason.CountOutOfRange, "trustRoot.keys", "count must be 1..32" },
        { "no keys", () => Build(keys: []), MalformedReason.CountOutOfRange, "trustRoot.keys", "count must be 1..32" },
        { "33 keys", () => Build(keys: Enumerable.Range(0, 33).Select(Key).ToArray()), MalformedReason.CountOutOfRange, "trustRoot.keys", "count must be 1..32" },
        { "a null key", () => Build(keys: [Keys[0], null!, Keys[2]]), MalformedReason.MissingEntry, "trustRoot.keys[1]", "is null" },
        { "no role list", () => new TrustRoot(1, TrustRootFixture.FarFuture, Keys, null!, []), MalformedReason.CountOutOfRange, "trustRoot.roles", "count must be 2..8" },
        { "one role", () => Build(roles: [Role("root")]), MalformedReason.CountOutOfRange, "trustRoot.roles", "count must be 2..8" },
        { "nine roles", () => Build(roles: [Role("root"), Role("release"), .. Enumerable.Range(0, 7).Select(i => Role("extra" + i))]), MalformedReason.CountOutOfRange, "trustRoot.roles", "count must be 2..8" },
        { "a null role", () => Build(roles: [Role("root"), null!, Role("release")]), MalformedReason.MissingEntry, "trustRoot.roles[1]", "is null" },
        { "65 revoked ids", () => Build(revoked: Enumerable.Range(10, 65).Select(TrustRootEncoding.Id).ToArray()), MalformedReason.CountOutOfRange, "trustRoot.revokedKeyIds", "count must be 0..64" },
        { "a null revoked id", () => Build(revoked: [TrustRootEncoding.Id(10), null!]), MalformedReason.LengthOutOfRange, "trustRoot.revokedKeyIds[1]", "must be 16 bytes" },
        { "a revoked id of 15 bytes", () => Build(revoked: [TrustRootEncoding.Id(10), new byte[15]]), MalformedReason.LengthOutOfRange, "trustRoot.revokedKeyIds[1]", "must be 16 bytes" },
        { "a revoked id of 17 bytes", () => Build(revoked: [new byte[17]]), MalformedReason.LengthOutOfRange, "trustRoot.revokedKeyIds[0]", "must be 16 bytes" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    [Trait("Requirement", "SR-FMT-002")]
    public void What_the_format_does_not_allow_cannot_be_built(string rule, Func<TrustRoot> build, MalformedReason reason, string field, string detail)
    {
        var e = Assert.Throws<MalformedDataException>(build);
        Assert.True(reason == e.Reason, rule + ": " + e.Message);
        Assert.Equal(field, e.Field);
        Assert.Equal("Malformed " + field + ": " + detail, e.Message);
    }

    [Fact]
    public void The_limits_themselves_can_be_built()
    {
        TrustRoot root = Build(
            version: TrustRoot.MaxVersion,
            expires: 1,
            keys: Enumerable.Range(0, 32).Select(Key).ToArray(),
            roles: [Role("root"), Role("release"), .. Enumerable.Range(0, 6).Select(i => Role("extra" + i))],
            revoked: Enumerable.Range(100, 64).Select(TrustRootEncoding.Id).ToArray());
        Assert.Equal((TrustRoot.MaxVersion, 1L, 32, 8, 64), (root.Version, root.ExpiresUnixSeconds, root.KeyCount, root.RoleCount, root.RevokedKeyCount));
    }

    [Fact]
    public void No_revocation_list_means_none_revoked()
    {
        TrustRoot root = new(1, TrustRootFixture.FarFuture, Keys, [Role("root"), Role("release")], null!);
        Assert.Equal(0, root.RevokedKeyCount);
        Assert.False(root.IsRevoked(TrustRootEncoding.Id(0)));
        Assert.Equal(TrustRoot.Parse(root.ToBytes()).ToBytes(), root.ToBytes());
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-003")]
    public void Changing_the_arrays_it_was_built_from_does_not_change_the_root()
    {
        TrustedKey[] keys = (TrustedKey[])Keys.Clone();
        TrustRole[] roles = [Role("root"), Role("release")];
        byte[][] revoked = [TrustRootEncoding.Id(10)];
        TrustRoot root = Build(keys: keys, roles: roles, revoked: revoked);
        byte[] before = root.ToBytes();

        keys[0] = Key(20);
        roles[1] = Role("campaign");
        revoked[0][0] ^= 0xFF;
        root.GetRevokedKeyId(0)[1] ^= 0xFF;

        Assert.Equal(before, root.ToBytes());
        Assert.True(root.IsRevoked(TrustRootEncoding.Id(10)));
        Assert.NotNull(root.FindKey(TrustRootEncoding.Id(0)));
        Assert.NotNull(root.FindRole("release"));
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-003")]
    public void Keys_roles_and_revocations_are_found_by_id_and_name_and_nothing_else_is()
    {
        TrustRoot root = Build(roles: [Role("root"), Role("campaign"), Role("release")], revoked: [TrustRootEncoding.Id(10), TrustRootEncoding.Id(0), TrustRootEncoding.Id(11)]);

        for (int i = 0; i < Keys.Length; i++)
        {
            Assert.Same(root.GetKey(i), root.FindKey(TrustRootEncoding.Id(i)));
        }

        Assert.Null(root.FindKey(TrustRootEncoding.Id(3)));
        Assert.Equal(["root", "campaign", "release"], new[] { "root", "campaign", "release" }.Select(n => root.FindRole(n)!.Name));
        Assert.Same(root.GetRole(2), root.FindRole("release"));
        Assert.Null(root.FindRole("releases"));
        Assert.True(root.IsRevoked(TrustRootEncoding.Id(10)));
        Assert.True(root.IsRevoked(TrustRootEncoding.Id(0)));
        Assert.True(root.IsRevoked(TrustRootEncoding.Id(11)));
        Assert.False(root.IsRevoked(TrustRootEncoding.Id(1)));
        Assert.False(root.IsRevoked(TrustRootEncoding.Id(12)));
    }

    private static TrustedKey Key(int n) => new(TrustRootEncoding.Id(n), SignatureAlgorithm.Ed25519, Enumerable.Repeat((byte)n, 32).ToArray());

    private static TrustRole Role(string name) => new(name, 2, [TrustRootEncoding.Id(0), TrustRootEncoding.Id(2)]);

    private static TrustRoot Build(long version = 1, long expires = TrustRootFixture.FarFuture, TrustedKey[]? keys = null, TrustRole[]? roles = null, byte[][]? revoked = null) =>
        new(version, expires, keys ?? Keys, roles ?? [Role("root"), Role("release")], revoked ?? []);
}
