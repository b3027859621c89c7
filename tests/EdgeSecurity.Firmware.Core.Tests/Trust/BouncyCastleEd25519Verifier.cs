using EdgeSecurity.Firmware.Core.Trust;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace EdgeSecurity.Firmware.Core.Tests.Trust;

/// <summary>An independent Ed25519 (BouncyCastle) behind the core's verifier interface.</summary>
internal sealed class BouncyCastleEd25519Verifier : ISignatureVerifier
{
    public SignatureAlgorithm Algorithm => SignatureAlgorithm.Ed25519;

    public bool Verify(byte[] publicKey, byte[] prefix, byte[] message, byte[] signature)
    {
        if (publicKey.Length != Ed25519.PublicKeySize || signature.Length != Ed25519.SignatureSize)
        {
            return false;
        }

        byte[] signed = SigningContext.BuildSignedMessage(prefix, message);
        return Ed25519.Verify(signature, 0, publicKey, 0, signed, 0, signed.Length);
    }
}
