using System.Security.Cryptography;

namespace EdgeSecurity.Pki.Storage;

/// <summary>
/// Per-device event MAC keys (32 random bytes each), one owner-only file per device under
/// event-keys/ in the PKI directory. The host service reads them to verify each device's MAC chain.
/// </summary>
public static class EventKeyStore
{
    public const int KeyLength = 32;

    public static byte[] Generate() => RandomNumberGenerator.GetBytes(KeyLength);

    public static void Write(PkiLayout layout, string deviceId, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"An event key is {KeyLength} bytes.", nameof(key));
        }

        SecureFiles.CreateOwnerOnlyDirectory(layout.EventKeysDirectory);
        SecureFiles.WriteSecret(layout.EventKey(deviceId), key);
    }

    /// <summary>The event MAC key of <paramref name="deviceId"/> in the PKI at <paramref name="pkiDirectory"/>.</summary>
    public static byte[] Read(string pkiDirectory, string deviceId) => Read(new PkiLayout(pkiDirectory), deviceId);

    public static byte[] Read(PkiLayout layout, string deviceId)
    {
        ArgumentNullException.ThrowIfNull(layout);
        string path = layout.EventKey(deviceId);
        if (!File.Exists(path))
        {
            throw new PkiException($"No event key for device '{deviceId}' in '{layout.EventKeysDirectory}'; is the device enrolled in this PKI?");
        }

        byte[] key = File.ReadAllBytes(path);
        if (key.Length != KeyLength)
        {
            throw new PkiException($"The event key file '{path}' is damaged (wrong length); re-enrol the device with --force.");
        }

        return key;
    }
}
