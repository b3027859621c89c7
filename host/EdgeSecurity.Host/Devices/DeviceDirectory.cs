using System.Collections.Concurrent;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Devices;

/// <summary>
/// Which devices may send events: the fleet registry as last imported. Ingest asks it for every message,
/// so it is an in-memory map refreshed by <see cref="FleetRegistrySync"/>.
/// </summary>
public sealed class DeviceDirectory
{
    private readonly ConcurrentDictionary<string, DeviceStatus> _devices = new(StringComparer.Ordinal);

    /// <summary>The device's status, or null when the fleet registry does not list it.</summary>
    public DeviceStatus? Find(string deviceId) => _devices.TryGetValue(deviceId, out var status) ? status : null;

    internal void Replace(IReadOnlyDictionary<string, DeviceStatus> devices)
    {
        foreach (var id in _devices.Keys.Where(id => !devices.ContainsKey(id)))
        {
            _devices.TryRemove(id, out _);
        }

        foreach (var (id, status) in devices)
        {
            _devices[id] = status;
        }
    }
}
