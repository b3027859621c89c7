using EdgeSecurity.Simulator.Device;

namespace EdgeSecurity.Simulator.Fleet;

/// <summary>What a simulated fleet is made of and how it runs.</summary>
public sealed class FleetOptions
{
    /// <summary>Directory with one provisioning package per device ('edgesec device enroll' output).</summary>
    public required string PackagesDirectory { get; init; }

    /// <summary>Directory under which each device gets its flash directory (kept between runs: devices stay provisioned).</summary>
    public required string FlashDirectory { get; init; }

    /// <summary>How many devices to run (the first N packages by device id); 0 runs all.</summary>
    public int Devices { get; init; }

    /// <summary>Signed bundle container installed on devices that are not provisioned yet.</summary>
    public byte[]? Bundle { get; init; }

    /// <summary>Connect here instead of the package's broker_host (the name is still checked against the broker certificate).</summary>
    public string? BrokerAddress { get; init; }

    public int? BrokerPort { get; init; }

    public DeviceSettings Device { get; init; } = new();

    /// <summary>
    /// Faults scheduled from the start; checked against the devices that will run before any device is
    /// provisioned or powered on, so a wrong device id changes nothing.
    /// </summary>
    public IReadOnlyList<ScheduledFault> Faults { get; init; } = [];

    /// <summary>How often each device runs its loop.</summary>
    public TimeSpan StepInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Threads stepping devices (each owns a share of the fleet).</summary>
    public int Workers { get; init; } = Math.Max(2, Environment.ProcessorCount);
}
