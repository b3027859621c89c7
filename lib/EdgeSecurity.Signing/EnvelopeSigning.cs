using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Signing.Keys;

namespace EdgeSecurity.Signing;

/// <summary>Makes envelope signatures exactly as the core verifies them: Ed25519 over context prefix || payload.</summary>
internal static class EnvelopeSigning
{
    public static SignatureEntry Sign(Ed25519PrivateKey key, byte[] prefix, byte[] payload) =>
        new(key.PublicKey.KeyIdBytes, SignatureAlgorithm.Ed25519, key.Sign(SigningContext.BuildSignedMessage(prefix, payload)));

    /// <summary>The existing signatures plus one by <paramref name="key"/>; refuses a second signature by the same key.</summary>
    public static SignatureEntry[] Append(IReadOnlyList<SignatureEntry> existing, Ed25519PrivateKey key, byte[] prefix, byte[] payload, string what)
    {
        if (existing.Any(s => Ed25519KeyIds.ToHex(s.KeyId) == key.PublicKey.KeyId))
        {
            throw new SigningException($"The {what} is already signed by key {key.PublicKey.KeyId}; a second signature by the same key would not count. Sign with another key.");
        }

        if (existing.Count >= SignedEnvelope.MaxSignatures)
        {
            throw new SigningException($"The {what} already has {existing.Count} signatures, the most the format allows.");
        }

        return [.. existing, Sign(key, prefix, payload)];
    }

    public static SignatureEntry[] Of(SignedEnvelope envelope) =>
        Enumerable.Range(0, envelope.SignatureCount).Select(envelope.GetSignature).ToArray();
}
