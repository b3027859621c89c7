using System.Security.Cryptography;
using System.Text;

namespace EdgeSecurity.Signing.Keys;

/// <summary>
/// Encrypts a key seed under a passphrase: PBKDF2-HMAC-SHA256 derives a 256-bit key from the passphrase
/// and a random salt, AES-256-GCM encrypts the seed with the key file's header as associated data, so
/// changing the public key or any parameter in the file makes decryption fail.
/// </summary>
internal static class PassphraseProtection
{
    public const string Scheme = "pbkdf2-hmac-sha256+aes-256-gcm";

    /// <summary>OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.</summary>
    public const int DefaultIterations = 600_000;

    // Bounds on what a file may ask for: too few is no protection, too many is a denial of service.
    public const int MinimumIterations = 100_000;
    public const int MaximumIterations = 10_000_000;

    public const int SaltLength = 16;
    public const int NonceLength = 12;
    public const int TagLength = 16;

    public static ProtectedSeed Encrypt(byte[] seed, string passphrase, byte[] associatedData, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltLength);
        var nonce = RandomNumberGenerator.GetBytes(NonceLength);
        var ciphertext = new byte[seed.Length];
        var tag = new byte[TagLength];
        var key = DeriveKey(passphrase, salt, iterations);
        try
        {
            using var aes = new AesGcm(key, TagLength);
            aes.Encrypt(nonce, seed, ciphertext, tag, associatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        return new ProtectedSeed(iterations, salt, nonce, ciphertext, tag);
    }

    /// <summary>The seed, or null when the passphrase is wrong or the file was altered (GCM cannot tell which).</summary>
    public static byte[]? Decrypt(ProtectedSeed protectedSeed, string passphrase, byte[] associatedData)
    {
        var seed = new byte[protectedSeed.Ciphertext.Length];
        var key = DeriveKey(passphrase, protectedSeed.Salt, protectedSeed.Iterations);
        try
        {
            using var aes = new AesGcm(key, TagLength);
            aes.Decrypt(protectedSeed.Nonce, protectedSeed.Ciphertext, protectedSeed.Tag, seed, associatedData);
            return seed;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(seed);
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] DeriveKey(string passphrase, byte[] salt, int iterations)
    {
        var passphraseBytes = Encoding.UTF8.GetBytes(passphrase);
        try
        {
            return Rfc2898DeriveBytes.Pbkdf2(passphraseBytes, salt, iterations, HashAlgorithmName.SHA256, 32);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passphraseBytes);
        }
    }
}

/// <summary>An encrypted seed and the parameters needed to decrypt it with the right passphrase.</summary>
internal sealed record ProtectedSeed(int Iterations, byte[] Salt, byte[] Nonce, byte[] Ciphertext, byte[] Tag);
