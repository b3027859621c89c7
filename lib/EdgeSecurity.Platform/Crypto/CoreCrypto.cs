using EdgeSecurity.Firmware.Core.Trust;

namespace EdgeSecurity.Platform.Crypto;

/// <summary>
/// The device's own primitives, used by every check the tools make: the core's Ed25519 verifier (not
/// BouncyCastle, which only signs here) and the HMAC-SHA256 the device computes natively.
/// </summary>
public static class CoreCrypto
{
    public static readonly HmacSha256MacPrimitive Mac = new();

    public static readonly ISignatureVerifier Verifier = new Ed25519SignatureVerifier();
}
