using EdgeSecurity.Pki.Registry;

namespace EdgeSecurity.Broker.Cluster;

/// <summary>Who may log in to the cluster, as of one reading of the fleet registry: active devices and the host service.</summary>
public sealed class FleetIdentities
{
    private readonly HashSet<string> _activeDevices;
    private readonly HashSet<string> _revokedDevices;

    public FleetIdentities(string serviceIdentity, IEnumerable<string> activeDevices, IEnumerable<string>? revokedDevices = null)
    {
        ServiceIdentity = serviceIdentity;
        _activeDevices = new HashSet<string>(activeDevices, StringComparer.Ordinal);
        _activeDevices.Remove(serviceIdentity);
        _revokedDevices = new HashSet<string>(revokedDevices ?? [], StringComparer.Ordinal);
        _revokedDevices.ExceptWith(_activeDevices);
    }

    public string ServiceIdentity { get; }

    public bool IsService(string? user) => string.Equals(user, ServiceIdentity, StringComparison.Ordinal);

    /// <summary>Enrolled and not revoked.</summary>
    public bool IsActiveDevice(string? user) => user is not null && _activeDevices.Contains(user);

    /// <summary>Enrolled and revoked: a login under this name presents a certificate of the fleet that was revoked.</summary>
    public bool IsRevokedDevice(string? user) => user is not null && _revokedDevices.Contains(user);

    public static FleetIdentities From(FleetRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return new FleetIdentities(
            registry.ServiceIdentity,
            registry.Devices.Where(d => d.Status == DeviceStatus.Active).Select(d => d.Id),
            registry.Devices.Where(d => d.Status == DeviceStatus.Revoked).Select(d => d.Id));
    }
}
