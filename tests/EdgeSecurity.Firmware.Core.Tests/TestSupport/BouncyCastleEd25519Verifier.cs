using EdgeSecurity.Firmware.Core.Trust;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace EdgeSecurity.Firmware.Core.Tests.TestSupport;

/// <summary>
/// Ed25519 verification for tests that exercise boot and install logic rather than the signature code
/// (which has its own tests): an independent implementation, so a bug in one cannot hide in the other.
/// </summary>
public sealed class BouncyCastleEd25519Verifier : ISignatureVerifier
{
    public SignatureAlgorithm Algorithm => SignatureAlgorithm.Ed25519;

    public bool Verify(byte[] publicKey, byte[] prefix, byte[] message, byte[] signature)
    {
        if (publicKey is not { Length: 32 } || signature is not { Length: 64 } || prefix is null || message is null)
        {
            return false;
        }

        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        verifier.BlockUpdate(prefix, 0, prefix.Length);
        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(signature);
    }
}
