using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Platform.Crypto;
using EdgeSecurity.Signing.Platform;
using CoreKeyIds = EdgeSecurity.Firmware.Core.Trust.KeyIds;

namespace EdgeSecurity.Signing.Keys;

/// <summary>Key ids exactly as the core computes them (docs/formats/trust-root.md).</summary>
public static class Ed25519KeyIds
{
    public static byte[] Compute(byte[] ed25519PublicKey) =>
        CoreKeyIds.Compute(CoreCrypto.Mac, SignatureAlgorithm.Ed25519, ed25519PublicKey);

    public static string ToHex(byte[] keyId) => CoreKeyIds.ToHex(keyId);

    /// <summary>Parses a key id given on the command line (hex, any case).</summary>
    public static byte[]? TryParseHex(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != CoreKeyIds.Length * 2)
        {
            return null;
        }

        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
