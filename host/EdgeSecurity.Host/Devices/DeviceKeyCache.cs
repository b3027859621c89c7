using System.Collections.Concurrent;
using System.Globalization;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Storage;

namespace EdgeSecurity.Host.Devices;

/// <summary>
/// Device event keys from the PKI's owner-only key store, read once per device: the current key and the keys
/// of earlier epochs that re-enrolments kept (docs/formats/events.md §2.1). The current key's epoch is one
/// above the newest kept key (0 when none was kept): the PKI writes the kept copy before the new key, so the
/// store alone says which key belongs to which epoch, also before the host has re-read the registry. Keys
/// never leave this class except to the MAC primitive, and are never logged.
/// </summary>
public sealed class DeviceKeyCache(PkiLayout pki)
{
    private readonly ConcurrentDictionary<string, DeviceKeys> _keys = new(StringComparer.Ordinal);

    /// <summary>The device's current event key (batch completeness statements and acks use it), or null when the key store has none for it.</summary>
    public byte[]? Find(string deviceId) => Load(deviceId, refresh: false)?.Current;

    /// <summary>The epoch of the device's current event key, or null when the key store has none for it.</summary>
    public ushort? CurrentEpoch(string deviceId) => Load(deviceId, refresh: false)?.CurrentEpoch;

    /// <summary>The device's event key of <paramref name="epoch"/>, or null when it never had that epoch.</summary>
    public byte[]? Find(string deviceId, ushort epoch)
    {
        var keys = Load(deviceId, refresh: false);
        if (keys is not null && epoch > keys.CurrentEpoch)
        {
            // A re-enrolment since the last read: read the store again rather than wait for the registry.
            keys = Load(deviceId, refresh: true);
        }

        if (keys is null)
        {
            return null;
        }

        return epoch == keys.CurrentEpoch ? keys.Current : keys.Archived.GetValueOrDefault(epoch);
    }

    /// <summary>The device's keys by epoch, for the chain verifier.</summary>
    public IEventKeyRing RingFor(string deviceId) => new Ring(this, deviceId);

    /// <summary>Forgets all keys, so they are read again (a re-enrolment replaces a device's key).</summary>
    public void Clear() => _keys.Clear();

    private DeviceKeys? Load(string deviceId, bool refresh)
    {
        if (!refresh && _keys.TryGetValue(deviceId, out var cached))
        {
            return cached;
        }

        if (!File.Exists(pki.EventKey(deviceId)))
        {
            return null;
        }

        var archived = ReadArchived(deviceId);
        // The current file is read after the kept ones: a re-enrolment running now has already kept the old key.
        var keys = new DeviceKeys(archived.Count == 0 ? (ushort)0 : (ushort)(archived.Keys.Max() + 1), EventKeyStore.Read(pki, deviceId), archived);
        _keys[deviceId] = keys;
        return keys;
    }

    private Dictionary<ushort, byte[]> ReadArchived(string deviceId)
    {
        var archived = new Dictionary<ushort, byte[]>();
        if (!Directory.Exists(pki.EpochEventKeysDirectory))
        {
            return archived;
        }

        var prefix = deviceId + ".";
        foreach (var path in Directory.EnumerateFiles(pki.EpochEventKeysDirectory, prefix + "*.key"))
        {
            var name = Path.GetFileName(path);
            var middle = name[prefix.Length..^".key".Length];
            // Another device whose id starts with this one's followed by a dot has a non-numeric middle part.
            if (ushort.TryParse(middle, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
                && EventKeyStore.ReadArchived(pki, deviceId, epoch) is { } key)
            {
                archived[epoch] = key;
            }
        }

        return archived;
    }

    private sealed record DeviceKeys(ushort CurrentEpoch, byte[] Current, Dictionary<ushort, byte[]> Archived);

    private sealed class Ring(DeviceKeyCache cache, string deviceId) : IEventKeyRing
    {
        public byte[] KeyFor(ushort epoch) => cache.Find(deviceId, epoch)!;
    }
}
