using EdgeSecurity.Simulator.Device;

namespace EdgeSecurity.Simulator.Fleet;

/// <summary>Totals and per-device figures of a run (printed by 'edgesec simulate run --json').</summary>
public sealed record FleetSummary(
    int Devices,
    int Connected,
    long EventsGenerated,
    long EventsAcknowledged,
    long Unacknowledged,
    long TelemetryRefused,
    double ElapsedSeconds,
    long MemoryPerDeviceBytes,
    IReadOnlyList<string> Faults,
    IReadOnlyList<DeviceStatistics> PerDevice)
{
    public static FleetSummary Of(IReadOnlyList<DeviceStatistics> devices, double elapsedSeconds, long memoryPerDevice, IReadOnlyList<string> faults) => new(
        devices.Count,
        devices.Count(d => d.Connected),
        devices.Sum(d => d.EventsGenerated),
        devices.Sum(d => d.EventsAcknowledged),
        devices.Sum(d => d.Unacknowledged),
        devices.Sum(d => d.TelemetryRefused),
        elapsedSeconds,
        memoryPerDevice,
        faults,
        devices);
}
