using System.Buffers.Binary;

namespace EdgeSecurity.Firmware.Core.Tests.Trust;

/// <summary>
/// A trust root written field by field from docs/formats/trust-root.md, independently of
/// <c>TrustRoot.ToBytes</c>. Every count and length field can be overridden, so a test can build the exact
/// rule violation a hostile or broken signer would produce, which the <c>TrustRoot</c> constructor refuses
/// to build.
/// </summary>
internal sealed record TrustRootEncoding
{
    public static readonly byte[] TrustRootMagic = "ESTR"u8.ToArray();

    public byte[] Magic { get; init; } = TrustRootMagic;

    public int FormatVersion { get; init; } = 1;

    public long Version { get; init; } = 1;

    public long Expires { get; init; } = TrustRootFixture.FarFuture;

    public EncodedKey[] Keys { get; init; } = [];

    /// <summary>The key count byte when it should differ from <see cref="Keys"/>' length.</summary>
    public int? KeyCount { get; init; }

    public EncodedRole[] Roles { get; init; } = [];

    public int? RoleCount { get; init; }

    public byte[][] Revoked { get; init; } = [];

    public int? RevokedCount { get; init; }

    /// <summary>Bytes appended after the last field.</summary>
    public byte[] Trailer { get; init; } = [];

    /// <summary>A valid root with <paramref name="keys"/> keys, all of them in both the root and release roles (threshold 1).</summary>
    public static TrustRootEncoding Valid(int keys = 2)
    {
        EncodedKey[] list = Enumerable.Range(0, keys).Select(i => EncodedKey.Ed25519(i)).ToArray();
        byte[][] ids = list.Select(k => k.KeyId).ToArray();
        return new TrustRootEncoding { Keys = list, Roles = [new EncodedRole("root", 1, ids), new EncodedRole("release", 1, ids)] };
    }

    /// <summary>A key id that differs from every other id these helpers make.</summary>
    public static byte[] Id(int n)
    {
        byte[] id = new byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(id, n + 1);
        id[15] = 0xA5;
        return id;
    }

    public byte[] Encode()
    {
        var bytes = new List<byte>();
        bytes.AddRange(Magic);
        U16(bytes, FormatVersion);
        U32(bytes, Version);
        Span<byte> expires = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(expires, Expires);
        bytes.AddRange(expires.ToArray());
        bytes.Add((byte)(KeyCount ?? Keys.Length));
        foreach (EncodedKey key in Keys)
        {
            bytes.AddRange(key.KeyId);
            bytes.Add(key.Algorithm);
            U16(bytes, key.PublicKeyLength ?? key.PublicKey.Length);
            bytes.AddRange(key.PublicKey);
        }

        bytes.Add((byte)(RoleCount ?? Roles.Length));
        foreach (EncodedRole role in Roles)
        {
            byte[] name = System.Text.Encoding.ASCII.GetBytes(role.Name);
            bytes.Add((byte)(role.NameLength ?? name.Length));
            bytes.AddRange(name);
            bytes.Add((byte)role.Threshold);
            bytes.Add((byte)(role.KeyCount ?? role.KeyIds.Length));
            foreach (byte[] id in role.KeyIds)
            {
                bytes.AddRange(id);
            }
        }

        bytes.Add((byte)(RevokedCount ?? Revoked.Length));
        foreach (byte[] id in Revoked)
        {
            bytes.AddRange(id);
        }

        bytes.AddRange(Trailer);
        return [.. bytes];
    }

    private static void U16(List<byte> bytes, int value)
    {
        bytes.Add((byte)value);
        bytes.Add((byte)(value >> 8));
    }

    private static void U32(List<byte> bytes, long value)
    {
        for (int i = 0; i < 4; i++)
        {
            bytes.Add((byte)(value >> (8 * i)));
        }
    }
}

/// <summary>One key entry as encoded; <see cref="PublicKeyLength"/> overrides the length field.</summary>
internal sealed record EncodedKey(byte[] KeyId, byte Algorithm, byte[] PublicKey, int? PublicKeyLength = null)
{
    /// <summary>An Ed25519-sized key with id <see cref="TrustRootEncoding.Id"/>(n). The parser does not check
    /// that ids match keys (the verifier does), so these bytes need not be a real key.</summary>
    public static EncodedKey Ed25519(int n) => new(TrustRootEncoding.Id(n), 1, Enumerable.Repeat((byte)(n + 1), 32).ToArray());
}

/// <summary>One role as encoded; <see cref="NameLength"/> and <see cref="KeyCount"/> override the length and count fields.</summary>
internal sealed record EncodedRole(string Name, int Threshold, byte[][] KeyIds, int? NameLength = null, int? KeyCount = null);
