using EdgeSecurity.Simulator.Device;

namespace EdgeSecurity.Simulator.Fleet;

/// <summary>A fault for one device (or every device when <see cref="DeviceId"/> is "*") at a time after the run starts.</summary>
public sealed record ScheduledFault(string DeviceId, TimeSpan At, string Description, Action<SimulatedDevice> Fault);
