using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.HostPlatform.Device;

/// <summary><see cref="IDeviceInfo"/> of a simulated device; free memory can be set to exercise low-memory paths.</summary>
public sealed class SimulatedDeviceInfo : IDeviceInfo
{
    public SimulatedDeviceInfo(string deviceId, string hardwareClass, string runtimeVersion = "simulator-1.0")
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        ArgumentException.ThrowIfNullOrEmpty(hardwareClass);
        ArgumentException.ThrowIfNullOrEmpty(runtimeVersion);
        DeviceId = deviceId;
        HardwareClass = hardwareClass;
        RuntimeVersion = runtimeVersion;
    }

    public string DeviceId { get; }

    public string HardwareClass { get; }

    public string RuntimeVersion { get; }

    /// <summary>-1 (unknown) unless a test sets it.</summary>
    public long FreeMemoryBytes { get; set; } = -1;
}
