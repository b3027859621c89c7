using System.Collections.Concurrent;
using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Storage;

namespace EdgeSecurity.Host.Devices;

/// <summary>
/// Device event keys from the PKI's owner-only key store, read once per device. Keys never leave this
/// class except to the MAC primitive, and are never logged.
/// </summary>
public sealed class DeviceKeyCache(PkiLayout pki)
{
    private readonly ConcurrentDictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    /// <summary>The device's event key, or null when the key store has none for it.</summary>
    public byte[]? Find(string deviceId)
    {
        if (_keys.TryGetValue(deviceId, out var key))
        {
            return key;
        }

        if (!File.Exists(pki.EventKey(deviceId)))
        {
            return null;
        }

        key = EventKeyStore.Read(pki, deviceId);
        _keys[deviceId] = key;
        return key;
    }

    /// <summary>Forgets all keys, so they are read again (a re-enrolment replaces a device's key).</summary>
    public void Clear() => _keys.Clear();
}
