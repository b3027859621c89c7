using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace EdgeSecurity.Signing.Keys;

/// <summary>
/// An Ed25519 signing key (RFC 8032 pure Ed25519). Holds the 32-byte seed, which is zeroed on
/// <see cref="Dispose"/>; it never appears in <see cref="ToString"/> or in exception messages.
/// </summary>
public sealed class Ed25519PrivateKey : IDisposable
{
    public const int SeedLength = 32;
    public const int SignatureLength = 64;

    private readonly byte[] _seed;
    private bool _disposed;

    private Ed25519PrivateKey(byte[] seed)
    {
        _seed = seed;
        var parameters = new Ed25519PrivateKeyParameters(_seed, 0);
        PublicKey = new Ed25519PublicKey(parameters.GeneratePublicKey().GetEncoded());
    }

    public Ed25519PublicKey PublicKey { get; }

    /// <summary>A new key from the operating system's cryptographic random number generator.</summary>
    public static Ed25519PrivateKey Generate() => new(RandomNumberGenerator.GetBytes(SeedLength));

    /// <summary>Rebuilds a key from its seed (copied; the caller keeps ownership of <paramref name="seed"/>).</summary>
    public static Ed25519PrivateKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedLength)
        {
            throw new ArgumentException($"An Ed25519 seed is {SeedLength} bytes.", nameof(seed));
        }

        return new Ed25519PrivateKey(seed.ToArray());
    }

    /// <summary>Signs <paramref name="message"/> (pure Ed25519: the whole message, no pre-hash, no context).</summary>
    public byte[] Sign(byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var signer = new Ed25519Signer();
        signer.Init(true, new Ed25519PrivateKeyParameters(_seed, 0));
        signer.BlockUpdate(message, 0, message.Length);
        return signer.GenerateSignature();
    }

    /// <summary>The seed, for writing the key file only.</summary>
    internal byte[] ExportSeed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return (byte[])_seed.Clone();
    }

    public override string ToString() => $"Ed25519 private key {PublicKey.KeyId}";

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_seed);
        _disposed = true;
    }
}
