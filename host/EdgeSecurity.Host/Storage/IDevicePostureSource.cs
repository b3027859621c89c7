using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage;

/// <summary>Device posture for the device list and detail (one query for any number of devices).</summary>
public interface IDevicePostureSource
{
    /// <summary>Posture of every device, or of <paramref name="deviceId"/> only, keyed by device id.</summary>
    Task<IReadOnlyDictionary<string, DevicePosture>> ListDevicePosturesAsync(string? deviceId, CancellationToken cancellationToken);

    /// <summary>Posture of the devices whose ids lie from <paramref name="firstDeviceId"/> to <paramref name="lastDeviceId"/> (one page of the device list).</summary>
    Task<IReadOnlyDictionary<string, DevicePosture>> ListDevicePosturesAsync(string firstDeviceId, string lastDeviceId, CancellationToken cancellationToken);
}
