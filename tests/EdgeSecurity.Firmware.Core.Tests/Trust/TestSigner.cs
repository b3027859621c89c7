using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Platform.Crypto;
using Org.BouncyCastle.Math.EC.Rfc8032;
using Org.BouncyCastle.Security;

namespace EdgeSecurity.Firmware.Core.Tests.Trust;

/// <summary>An Ed25519 key pair generated at test time (no key material lives in the repository).</summary>
internal sealed class TestSigner
{
    private static readonly SecureRandom Random = new();
    private readonly byte[] _privateKey = new byte[Ed25519.SecretKeySize];

    public TestSigner()
    {
        Ed25519.GeneratePrivateKey(Random, _privateKey);
        PublicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.GeneratePublicKey(_privateKey, 0, PublicKey, 0);
        KeyId = KeyIds.Compute(new HmacSha256MacPrimitive(), SignatureAlgorithm.Ed25519, PublicKey);
    }

    public byte[] PublicKey { get; }

    public byte[] KeyId { get; }

    public TrustedKey TrustedKey => new(KeyId, SignatureAlgorithm.Ed25519, PublicKey);

    public SignatureEntry Sign(byte[] prefix, byte[] payload)
    {
        byte[] message = SigningContext.BuildSignedMessage(prefix, payload);
        byte[] signature = new byte[Ed25519.SignatureSize];
        Ed25519.Sign(_privateKey, 0, message, 0, message.Length, signature, 0);
        return new SignatureEntry(KeyId, SignatureAlgorithm.Ed25519, signature);
    }

    public SignatureEntry SignManifest(byte[] manifestBytes) => Sign(SigningContext.GetManifestPrefix(), manifestBytes);

    public SignatureEntry SignTrustRoot(byte[] trustRootBytes) => Sign(SigningContext.GetTrustRootPrefix(), trustRootBytes);
}
