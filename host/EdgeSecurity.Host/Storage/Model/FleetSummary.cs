namespace EdgeSecurity.Host.Storage.Model;

/// <summary>How many devices the fleet has, by health (<see cref="DeviceHealth"/>), running version and hardware class.</summary>
/// <param name="ByVersion">Keyed by the running version; devices that reported none are under the empty string.</param>
/// <param name="ByHardwareClass">Keyed by hardware class; devices enrolled without one are under the empty string.</param>
public sealed record FleetSummary(
    int Devices,
    IReadOnlyDictionary<string, int> ByHealth,
    IReadOnlyDictionary<string, int> ByVersion,
    IReadOnlyDictionary<string, int> ByHardwareClass);
