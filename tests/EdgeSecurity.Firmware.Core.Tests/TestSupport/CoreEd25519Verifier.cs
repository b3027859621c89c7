using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.Core.Trust;

namespace EdgeSecurity.Firmware.Core.Tests.TestSupport;

/// <summary>
/// The device's own managed Ed25519 behind <see cref="ISignatureVerifier"/>, so boot and install tests run
/// the exact verification code the device runs (signing is done independently, with BouncyCastle).
/// </summary>
internal sealed class CoreEd25519Verifier : ISignatureVerifier
{
    public SignatureAlgorithm Algorithm => SignatureAlgorithm.Ed25519;

    public bool Verify(byte[] publicKey, byte[] prefix, byte[] message, byte[] signature) =>
        Ed25519.Verify(publicKey, prefix, message, signature);
}
