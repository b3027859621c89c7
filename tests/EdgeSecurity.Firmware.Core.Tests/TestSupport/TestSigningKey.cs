using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Firmware.HostPlatform.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace EdgeSecurity.Firmware.Core.Tests.TestSupport;

/// <summary>An Ed25519 key generated at test time (never stored), signing with the core's domain separation.</summary>
public sealed class TestSigningKey
{
    private readonly Ed25519PrivateKeyParameters _private;

    public TestSigningKey()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        _private = (Ed25519PrivateKeyParameters)pair.Private;
        PublicKey = ((Ed25519PublicKeyParameters)pair.Public).GetEncoded();
        KeyId = KeyIds.Compute(new HmacSha256MacPrimitive(), SignatureAlgorithm.Ed25519, PublicKey);
    }

    public byte[] PublicKey { get; }

    public byte[] KeyId { get; }

    public TrustedKey AsTrustedKey() => new(KeyId, SignatureAlgorithm.Ed25519, PublicKey);

    public SignatureEntry Sign(byte[] prefix, byte[] payload)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, _private);
        var message = SigningContext.BuildSignedMessage(prefix, payload);
        signer.BlockUpdate(message, 0, message.Length);
        return new SignatureEntry(KeyId, SignatureAlgorithm.Ed25519, signer.GenerateSignature());
    }
}
