using System.Security.Cryptography;

namespace EdgeSecurity.Pki.Storage;

/// <summary>
/// Per-device event MAC keys (32 random bytes each), one owner-only file per device under
/// event-keys/ in the PKI directory. The host service reads them to verify each device's MAC chain.
/// </summary>
public static class EventKeyStore
{
    public const int KeyLength = 32;

    /// <summary>Largest key epoch (records carry it in 16 bits).</summary>
    public const int MaxKeyEpoch = ushort.MaxValue;

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

    /// <summary>
    /// Keeps the device's current key as the key of <paramref name="epoch"/> before a re-enrolment replaces it,
    /// so records MAC'd with it stay verifiable. Written before the new key, and never overwritten: an
    /// interrupted re-enrolment that runs again keeps the first copy.
    /// </summary>
    public static void ArchiveCurrent(PkiLayout layout, string deviceId, int epoch)
    {
        ArgumentNullException.ThrowIfNull(layout);
        string current = layout.EventKey(deviceId);
        string archive = layout.EpochEventKey(deviceId, epoch);
        if (!File.Exists(current) || File.Exists(archive))
        {
            return;
        }

        byte[] key = File.ReadAllBytes(current);
        SecureFiles.CreateOwnerOnlyDirectory(layout.EpochEventKeysDirectory);
        try
        {
            SecureFiles.WriteSecret(archive, key);
        }
        finally
        {
            Array.Clear(key);
        }
    }

    /// <summary>The key of <paramref name="epoch"/> when it is not the current one (kept by <see cref="ArchiveCurrent"/>), or null.</summary>
    public static byte[]? ReadArchived(PkiLayout layout, string deviceId, int epoch)
    {
        ArgumentNullException.ThrowIfNull(layout);
        string path = layout.EpochEventKey(deviceId, epoch);
        if (!File.Exists(path))
        {
            return null;
        }

        byte[] key = File.ReadAllBytes(path);
        return key.Length == KeyLength ? key : throw new PkiException($"The event key file '{path}' is damaged (wrong length).");
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
