using System.Security.Cryptography;
using System.Text;
using EdgeSecurity.Platform.Files;

namespace EdgeSecurity.Signing.Keys;

/// <summary>
/// Reads and writes key files: a private key file (owner-only, optionally passphrase-protected) and a
/// public key file to hand out. Format: docs/formats/keys.md.
/// </summary>
public static class KeyFiles
{
    public const string PrivateKeyExtension = ".key";
    public const string PublicKeyExtension = ".pub";

    /// <summary>
    /// Writes <c>basename.key</c> and <c>basename.pub</c>. Refuses (before writing anything) when either
    /// exists, unless <paramref name="overwrite"/>.
    /// </summary>
    /// <returns>The paths written: private key file, public key file.</returns>
    public static (string PrivateKeyPath, string PublicKeyPath) WriteKeyPair(
        string basename, Ed25519PrivateKey key, string? passphrase, bool overwrite, int kdfIterations = PassphraseProtection.DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(key);
        var privatePath = basename + PrivateKeyExtension;
        var publicPath = basename + PublicKeyExtension;
        var folder = Path.GetDirectoryName(Path.GetFullPath(privatePath))!;
        if (!Directory.Exists(folder))
        {
            throw new KeyFileException(KeyFileError.NotFound, $"The folder '{folder}' for the key files does not exist; create it first.");
        }

        if (!overwrite)
        {
            RefuseToOverwrite(privatePath);
            RefuseToOverwrite(publicPath);
        }

        WritePrivateKey(privatePath, key, passphrase, kdfIterations);
        WritePublicKey(publicPath, key.PublicKey);
        return (privatePath, publicPath);
    }

    public static void WritePrivateKey(string path, Ed25519PrivateKey key, string? passphrase, int kdfIterations = PassphraseProtection.DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (passphrase is { Length: 0 })
        {
            throw new ArgumentException("An empty passphrase protects nothing; give none to write an unprotected key.", nameof(passphrase));
        }

        if (kdfIterations is < PassphraseProtection.MinimumIterations or > PassphraseProtection.MaximumIterations)
        {
            throw new ArgumentOutOfRangeException(nameof(kdfIterations));
        }

        var document = Header(KeyFileDocument.PrivateType, key.PublicKey);
        var seed = key.ExportSeed();
        try
        {
            if (passphrase is null)
            {
                document.Protection = KeyFileDocument.Unprotected;
                document.Seed = Convert.ToBase64String(seed);
            }
            else
            {
                document.Protection = PassphraseProtection.Scheme;
                document.KdfIterations = kdfIterations;
                var protectedSeed = PassphraseProtection.Encrypt(seed, passphrase, AssociatedData(key.PublicKey, kdfIterations), kdfIterations);
                document.Salt = Convert.ToBase64String(protectedSeed.Salt);
                document.Nonce = Convert.ToBase64String(protectedSeed.Nonce);
                document.EncryptedSeed = Convert.ToBase64String(protectedSeed.Ciphertext);
                document.Tag = Convert.ToBase64String(protectedSeed.Tag);
            }

            var bytes = document.Serialize();
            try
            {
                AtomicFile.Write(path, bytes, ownerOnly: true);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(bytes);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    public static void WritePublicKey(string path, Ed25519PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        AtomicFile.Write(path, Header(KeyFileDocument.PublicType, key).Serialize(), ownerOnly: false);
    }

    /// <summary>Whether the private key file at <paramref name="path"/> needs a passphrase to open.</summary>
    public static bool IsPassphraseProtected(string path)
    {
        var document = KeyFileDocument.Load(path);
        RequirePrivate(document, path);
        return document.Protection != KeyFileDocument.Unprotected;
    }

    /// <summary>
    /// Opens a private key file. <paramref name="passphrase"/> is asked only when the file is protected;
    /// it may throw (for example when no passphrase source was given).
    /// </summary>
    public static Ed25519PrivateKey ReadPrivateKey(string path, Func<string>? passphrase)
    {
        var document = KeyFileDocument.Load(path);
        RequirePrivate(document, path);
        var publicKey = document.ReadPublicKey(path);
        var seed = document.Protection switch
        {
            KeyFileDocument.Unprotected => KeyFileDocument.Base64OrNull(document.Seed),
            PassphraseProtection.Scheme => DecryptSeed(document, path, publicKey, passphrase),
            _ => throw KeyFileDocument.Malformed(path, $"unknown protection '{document.Protection}'"),
        };
        if (seed is not { Length: Ed25519PrivateKey.SeedLength })
        {
            throw KeyFileDocument.Malformed(path, "the private key is missing or not 32 bytes of base64");
        }

        try
        {
            var key = Ed25519PrivateKey.FromSeed(seed);
            if (!key.PublicKey.Equals(publicKey))
            {
                key.Dispose();
                throw KeyFileDocument.Malformed(path, "the private key does not belong to the public key in the file");
            }

            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>Reads a public key from a public key file or, for convenience, from a private key file (without decrypting it).</summary>
    public static Ed25519PublicKey ReadPublicKey(string path)
    {
        var document = KeyFileDocument.Load(path);
        return document.ReadPublicKey(path);
    }

    private static byte[] DecryptSeed(KeyFileDocument document, string path, Ed25519PublicKey publicKey, Func<string>? passphrase)
    {
        if (passphrase is null)
        {
            throw new KeyFileException(
                KeyFileError.PassphraseRequired,
                $"Key file '{path}' is protected by a passphrase; give it with --passphrase-env, --passphrase-file or --ask-passphrase.");
        }

        var salt = KeyFileDocument.Base64OrNull(document.Salt);
        var nonce = KeyFileDocument.Base64OrNull(document.Nonce);
        var ciphertext = KeyFileDocument.Base64OrNull(document.EncryptedSeed);
        var tag = KeyFileDocument.Base64OrNull(document.Tag);
        if (salt is not { Length: PassphraseProtection.SaltLength } || nonce is not { Length: PassphraseProtection.NonceLength }
            || ciphertext is not { Length: Ed25519PrivateKey.SeedLength } || tag is not { Length: PassphraseProtection.TagLength }
            || document.KdfIterations is < PassphraseProtection.MinimumIterations or > PassphraseProtection.MaximumIterations)
        {
            throw KeyFileDocument.Malformed(path, "the encryption parameters are missing or out of range");
        }

        var protectedSeed = new ProtectedSeed(document.KdfIterations, salt, nonce, ciphertext, tag);
        return PassphraseProtection.Decrypt(protectedSeed, passphrase(), AssociatedData(publicKey, document.KdfIterations))
            ?? throw new KeyFileException(
                KeyFileError.WrongPassphrase,
                $"Wrong passphrase for key file '{path}' (or the file was altered). Nothing was signed.");
    }

    private static void RequirePrivate(KeyFileDocument document, string path)
    {
        if (document.Type != KeyFileDocument.PrivateType)
        {
            throw new KeyFileException(
                KeyFileError.WrongKeyType,
                $"'{path}' is a public key file; this needs the private key file (the '{PrivateKeyExtension}' file written by 'edgesec keys generate').");
        }
    }

    private static void RefuseToOverwrite(string path)
    {
        if (File.Exists(path))
        {
            throw new KeyFileException(KeyFileError.AlreadyExists, $"'{path}' already exists; not overwriting a key. Choose another --out or give --force.");
        }
    }

    private static KeyFileDocument Header(string type, Ed25519PublicKey key) => new()
    {
        Type = type,
        Version = KeyFileDocument.CurrentVersion,
        KeyId = key.KeyId,
        PublicKey = Convert.ToBase64String(key.ToArray()),
    };

    // Binds the ciphertext to the public key and the KDF cost in the file.
    private static byte[] AssociatedData(Ed25519PublicKey publicKey, int iterations) =>
        [.. Encoding.UTF8.GetBytes($"{KeyFileDocument.PrivateType}/{KeyFileDocument.CurrentVersion}/{PassphraseProtection.Scheme}/{iterations}/"), .. publicKey.ToArray()];
}
