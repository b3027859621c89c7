using System.Security.Cryptography;

namespace EdgeSecurity.Signing.Keys;

/// <summary>Key ids as the trust root format defines them.</summary>
internal static class KeyIds
{
    // PLACEHOLDER until the core's format lands: replaced by the core's own computation.
    public static string Compute(byte[] publicKey) => Convert.ToHexStringLower(SHA256.HashData(publicKey).AsSpan(0, 8));
}
