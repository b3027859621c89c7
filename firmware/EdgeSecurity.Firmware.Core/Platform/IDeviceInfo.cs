namespace EdgeSecurity.Firmware.Core.Platform
{
    /// <summary>What the device is: its enrolled identity and the hardware class bundles must be built for.</summary>
    public interface IDeviceInfo
    {
        string DeviceId { get; }

        string HardwareClass { get; }

        /// <summary>Native runtime version (nanoCLR), reported with events.</summary>
        string RuntimeVersion { get; }

        /// <summary>Free managed heap in bytes, or -1 when unknown.</summary>
        long FreeMemoryBytes { get; }
    }
}
