namespace EdgeSecurity.Signing.Keys;

/// <summary>An Ed25519 public key (RFC 8032, 32 bytes) and the key id devices and trust roots know it by.</summary>
public sealed class Ed25519PublicKey : IEquatable<Ed25519PublicKey>
{
    public const int Length = 32;

    private readonly byte[] _bytes;

    public Ed25519PublicKey(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"An Ed25519 public key is {Length} bytes, not {bytes.Length}.", nameof(bytes));
        }

        _bytes = bytes.ToArray();
        KeyIdBytes = Ed25519KeyIds.Compute(_bytes);
        KeyId = Ed25519KeyIds.ToHex(KeyIdBytes);
    }

    /// <summary>The key id as the trust root format defines it, lower-case hex.</summary>
    public string KeyId { get; }

    /// <summary>The key id's bytes, as trust roots and signatures carry it.</summary>
    public byte[] KeyIdBytes { get; }

    public byte[] ToArray() => (byte[])_bytes.Clone();

    public bool Equals(Ed25519PublicKey? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as Ed25519PublicKey);

    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);

    public override string ToString() => KeyId;
}
