using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Trust;

namespace EdgeSecurity.Firmware.Core.Tests.Trust;

/// <summary>
/// Every rule of docs/formats/trust-root.md, at its boundary, against bytes written independently of the
/// parser (<see cref="TrustRootEncoding"/>): the last allowed value parses, the first one outside is refused
/// with the reason, the field and the message the device reports (an operator reads that message to find
/// what is wrong with a trust root a signer produced).
/// </summary>
public class TrustRootParserRuleTests
{
    private static readonly TrustRootEncoding Valid = TrustRootEncoding.Valid(keys: 2);

    public static TheoryData<string, byte[], MalformedReason, string, string> Violations => new()
    {
        { "no magic", (Valid with { Magic = "ESTX"u8.ToArray() }).Encode(), MalformedReason.BadMagic, "trustRoot.magic", "unexpected magic bytes" },
        { "format version 2", (Valid with { FormatVersion = 2 }).Encode(), MalformedReason.UnsupportedVersion, "trustRoot.formatVersion", "format version 2 is not supported (expected 1)" },
        { "version 0", (Valid with { Version = 0 }).Encode(), MalformedReason.ValueOutOfRange, "trustRoot.version", "value 0 is outside [1, 4294967295]" },
        { "expiry 0", (Valid with { Expires = 0 }).Encode(), MalformedReason.ValueOutOfRange, "trustRoot.expires", "must be a positive Unix time" },
        { "expiry negative", (Valid with { Expires = -1 }).Encode(), MalformedReason.ValueOutOfRange, "trustRoot.expires", "must be a positive Unix time" },
        { "no keys", (Valid with { KeyCount = 0 }).Encode(), MalformedReason.CountOutOfRange, "trustRoot.keyCount", "value 0 is outside [1, 32]" },
        { "33 keys", (Valid with { KeyCount = 33 }).Encode(), MalformedReason.CountOutOfRange, "trustRoot.keyCount", "value 33 is outside [1, 32]" },
        { "algorithm 0", WithKey(1, new EncodedKey(TrustRootEncoding.Id(1), 0, new byte[32])), MalformedReason.ValueOutOfRange, "trustRoot.keys[1].algorithm", "value 0 is outside [1, 255]" },
        { "Ed25519 key of 31 bytes", WithKey(1, new EncodedKey(TrustRootEncoding.Id(1), 1, new byte[31])), MalformedReason.LengthOutOfRange, "trustRoot.keys[1].publicKeyLength", "length 31 is not valid for algorithm 1" },
        { "Ed25519 key of 33 bytes", WithKey(1, new EncodedKey(TrustRootEncoding.Id(1), 1, new byte[33])), MalformedReason.LengthOutOfRange, "trustRoot.keys[1].publicKeyLength", "length 33 is not valid for algorithm 1" },
        { "other key of 0 bytes", WithKey(1, new EncodedKey(TrustRootEncoding.Id(1), 2, [])), MalformedReason.LengthOutOfRange, "trustRoot.keys[1].publicKeyLength", "length 0 is not valid for algorithm 2" },
        { "other key of 257 bytes", WithKey(1, new EncodedKey(TrustRootEncoding.Id(1), 9, new byte[257])), MalformedReason.LengthOutOfRange, "trustRoot.keys[1].publicKeyLength", "length 257 is not valid for algorithm 9" },
        { "key listed twice", WithKey(1, EncodedKey.Ed25519(0)), MalformedReason.DuplicateEntry, "trustRoot.keys[1]", "key id " + Hex(0) + " is listed twice" },
        { "one role", (Valid with { RoleCount = 1 }).Encode(), MalformedReason.CountOutOfRange, "trustRoot.roleCount", "value 1 is outside [2, 8]" },
        { "nine roles", (Valid with { RoleCount = 9 }).Encode(), MalformedReason.CountOutOfRange, "trustRoot.roleCount", "value 9 is outside [2, 8]" },
        { "empty role name", WithRole(1, new EncodedRole("", 1, [TrustRootEncoding.Id(0)])), MalformedReason.LengthOutOfRange, "trustRoot.roles[1].nameLength", "value 0 is outside [1, 16]" },
        { "role name of 17", WithRole(1, new EncodedRole(new string('a', 17), 1, [TrustRootEncoding.Id(0)])), MalformedReason.LengthOutOfRange, "trustRoot.roles[1].nameLength", "value 17 is outside [1, 16]" },
        { "role with no keys", WithRole(1, new EncodedRole("release", 1, [], KeyCount: 0)), MalformedReason.CountOutOfRange, "trustRoot.roles[1].keyCount", "value 0 is outside [1, 32]" },
        { "role with 33 keys", WithRole(1, new EncodedRole("release", 1, [], KeyCount: 33)), MalformedReason.CountOutOfRange, "trustRoot.roles[1].keyCount", "value 33 is outside [1, 32]" },
        { "threshold 0", WithRole(1, new EncodedRole("release", 0, [TrustRootEncoding.Id(0)])), MalformedReason.ValueOutOfRange, "trustRoot.roles[1].threshold", "threshold 0 must be 1..1 (the role's key count)" },
        { "threshold above the key count", WithRole(1, new EncodedRole("release", 3, [TrustRootEncoding.Id(0), TrustRootEncoding.Id(1)])), MalformedReason.ValueOutOfRange, "trustRoot.roles[1].threshold", "threshold 3 must be 1..2 (the role's key count)" },
        { "role key listed twice", WithRole(1, new EncodedRole("release", 1, [TrustRootEncoding.Id(1), TrustRootEncoding.Id(1)])), MalformedReason.DuplicateEntry, "trustRoot.roles[1].keyIds[1]", "key " + Hex(1) + " is listed twice in role release" },
        { "role key not in the key list", WithRole(1, new EncodedRole("release", 1, [TrustRootEncoding.Id(1), TrustRootEncoding.Id(7)])), MalformedReason.MissingEntry, "trustRoot.roles[1].keyIds[1]", "key " + Hex(7) + " of role release is not in the key list" },
        { "role defined twice", WithRole(1, new EncodedRole("root", 1, [TrustRootEncoding.Id(1)])), MalformedReason.DuplicateEntry, "trustRoot.roles[1]", "role root is defined twice" },
        { "no release role", WithRole(1, new EncodedRole("campaign", 1, [TrustRootEncoding.Id(1)])), MalformedReason.MissingEntry, "trustRoot.roles", "required role release is missing" },
        { "no root role", WithRole(0, new EncodedRole("campaign", 1, [TrustRootEncoding.Id(1)])), MalformedReason.MissingEntry, "trustRoot.roles", "required role root is missing" },
        { "65 revoked ids", (Valid with { RevokedCount = 65 }).Encode(), MalformedReason.CountOutOfRange, "trustRoot.revokedCount", "value 65 is outside [0, 64]" },
        { "revoked id listed twice", (Valid with { Revoked = [TrustRootEncoding.Id(5), TrustRootEncoding.Id(6), TrustRootEncoding.Id(5)] }).Encode(), MalformedReason.DuplicateEntry, "trustRoot.revokedKeyIds[2]", "key id " + Hex(5) + " is listed twice" },
        { "revoked id cut short", (Valid with { Revoked = [TrustRootEncoding.Id(5), new byte[15]] }).Encode(), MalformedReason.Truncated, "trustRoot.revokedKeyIds[1]", "needs 16 bytes, 15 left" },
        { "key id cut short", Cut(Valid.Encode(), HeaderLength + 1 + 10), MalformedReason.Truncated, "trustRoot.keys[0].keyId", "needs 16 bytes, 10 left" },
        { "public key length cut short", Cut(Valid.Encode(), HeaderLength + 1 + 16 + 1 + 1), MalformedReason.Truncated, "trustRoot.keys[0].publicKeyLength", "needs 2 bytes, 1 left" },
        { "public key cut short", Cut(Valid.Encode(), HeaderLength + 1 + 16 + 1 + 2 + 5), MalformedReason.Truncated, "trustRoot.keys[0].publicKey", "needs 32 bytes, 5 left" },
        { "role name with a capital", WithRole(1, new EncodedRole("Release", 1, [TrustRootEncoding.Id(1)])), MalformedReason.InvalidText, "trustRoot.roles[1].name", "character code 82 at index 0 is not allowed" },
        { "role cut before its threshold", Cut(Valid.Encode(), ReleaseRoleStart + 1 + 7), MalformedReason.Truncated, "trustRoot.roles[1].threshold", "needs 1 bytes, 0 left" },
        { "role key id cut short", Cut(Valid.Encode(), ReleaseRoleStart + 1 + 7 + 1 + 1 + 16 + 4), MalformedReason.Truncated, "trustRoot.roles[1].keyIds[1]", "needs 16 bytes, 4 left" },
        { "a byte after the end", (Valid with { Trailer = [0] }).Encode(), MalformedReason.TrailingBytes, "trustRoot", "1 unexpected trailing bytes" },

        // The first broken field is the one reported, also when the input is broken again further on.
        { "expiry 0, then nothing", Cut((Valid with { Expires = 0 }).Encode(), HeaderLength), MalformedReason.ValueOutOfRange, "trustRoot.expires", "must be a positive Unix time" },
        { "threshold above the key count, then nothing", CutAfterRoleCounts(new EncodedRole("release", 3, [TrustRootEncoding.Id(0), TrustRootEncoding.Id(1)])), MalformedReason.ValueOutOfRange, "trustRoot.roles[1].threshold", "threshold 3 must be 1..2 (the role's key count)" },
    };

    /// <summary>magic, format version, version, expires.</summary>
    private static int HeaderLength => 4 + 2 + 4 + 8;

    /// <summary>Where the release role (the last field before the revoked count) starts in <see cref="Valid"/>.</summary>
    private static int ReleaseRoleStart => Valid.Encode().Length - 1 - (1 + 7 + 1 + 1 + (16 * 2));

    [Theory]
    [MemberData(nameof(Violations))]
    [Trait("Requirement", "SR-FMT-001")]
    [Trait("Requirement", "SR-FMT-002")]
    public void A_broken_rule_is_refused_naming_the_field_and_what_is_wrong(string rule, byte[] input, MalformedReason reason, string field, string detail)
    {
        var e = Assert.Throws<MalformedDataException>(() => TrustRoot.Parse(input));
        Assert.True(reason == e.Reason, rule + ": " + e.Message);
        Assert.Equal(field, e.Field);
        Assert.Equal("Malformed " + field + ": " + detail, e.Message);
    }

    [Fact]
    [Trait("Requirement", "SR-FMT-001")]
    public void Values_at_every_upper_and_lower_bound_parse_to_what_the_bytes_say()
    {
        // 32 keys (the 32nd of the largest other-algorithm size), 8 roles (one of 32 keys, one with a name
        // of 16), thresholds equal to the key count, 64 revoked ids, the highest version and expiry 1.
        EncodedKey[] keys = [.. Enumerable.Range(0, 31).Select(EncodedKey.Ed25519), new EncodedKey(TrustRootEncoding.Id(31), 255, Enumerable.Repeat((byte)0x5A, 256).ToArray())];
        byte[][] all = keys.Select(k => k.KeyId).ToArray();
        EncodedRole[] roles =
        [
            new("root", 32, all),
            new("release", 1, [all[31]]),
            .. Enumerable.Range(0, 5).Select(i => new EncodedRole("extra" + i, 2, [all[i], all[i + 1]])),
            new(new string('z', 16), 1, [all[0]]),
        ];
        byte[][] revoked = Enumerable.Range(100, 64).Select(TrustRootEncoding.Id).ToArray();
        byte[] bytes = new TrustRootEncoding { Version = 0xFFFFFFFFL, Expires = 1, Keys = keys, Roles = roles, Revoked = revoked }.Encode();

        TrustRoot root = TrustRoot.Parse(bytes);

        Assert.Equal(0xFFFFFFFFL, root.Version);
        Assert.Equal(1, root.ExpiresUnixSeconds);
        Assert.Equal(32, root.KeyCount);
        for (int i = 0; i < 32; i++)
        {
            Assert.Equal(keys[i].KeyId, root.GetKey(i).KeyId);
            Assert.Equal((SignatureAlgorithm)keys[i].Algorithm, root.GetKey(i).Algorithm);
            Assert.Equal(keys[i].PublicKey, root.GetKey(i).PublicKey);
        }

        Assert.Equal(8, root.RoleCount);
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(roles[i].Name, root.GetRole(i).Name);
            Assert.Equal(roles[i].Threshold, root.GetRole(i).Threshold);
            Assert.Equal(roles[i].KeyIds, Enumerable.Range(0, root.GetRole(i).KeyCount).Select(root.GetRole(i).GetKeyId).ToArray());
        }

        Assert.Equal(revoked, Enumerable.Range(0, root.RevokedKeyCount).Select(root.GetRevokedKeyId).ToArray());
        Assert.Equal(bytes, root.ToBytes());
    }

    [Fact]
    [Trait("Requirement", "SR-FMT-002")]
    public void Input_longer_than_16_KiB_is_refused_before_it_is_read_and_16_KiB_is_read()
    {
        byte[] valid = Valid.Encode();
        byte[] atLimit = Cut([.. valid, .. new byte[TrustRoot.MaxEncodedLength]], TrustRoot.MaxEncodedLength);
        var read = Assert.Throws<MalformedDataException>(() => TrustRoot.Parse(atLimit));
        Assert.Equal(MalformedReason.TrailingBytes, read.Reason);
        Assert.Equal("Malformed trustRoot: " + (TrustRoot.MaxEncodedLength - valid.Length) + " unexpected trailing bytes", read.Message);

        var refused = Assert.Throws<MalformedDataException>(() => TrustRoot.Parse([.. atLimit, 0]));
        Assert.Equal(MalformedReason.LengthOutOfRange, refused.Reason);
        Assert.Equal("Malformed trustRoot: longer than 16384 bytes", refused.Message);
    }

    [Fact]
    public void No_data_is_refused_as_missing()
    {
        var e = Assert.Throws<MalformedDataException>(() => TrustRoot.Parse(null!));
        Assert.Equal(MalformedReason.Truncated, e.Reason);
        Assert.Equal("Malformed trustRoot: no data", e.Message);
    }

    private static string Hex(int n) => Convert.ToHexStringLower(TrustRootEncoding.Id(n));

    private static byte[] Cut(byte[] bytes, int length) => bytes.AsSpan(0, length).ToArray();

    private static byte[] WithKey(int index, EncodedKey key)
    {
        EncodedKey[] keys = (EncodedKey[])Valid.Keys.Clone();
        keys[index] = key;
        return (Valid with { Keys = keys }).Encode();
    }

    private static byte[] WithRole(int index, EncodedRole role)
    {
        EncodedRole[] roles = (EncodedRole[])Valid.Roles.Clone();
        roles[index] = role;
        return (Valid with { Roles = roles }).Encode();
    }

    /// <summary>A root whose second role is <paramref name="role"/>, cut right after that role's key count.</summary>
    private static byte[] CutAfterRoleCounts(EncodedRole role) => Cut(WithRole(1, role), ReleaseRoleStart + 1 + role.Name.Length + 1 + 1);
}
