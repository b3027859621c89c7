namespace EdgeSecurity.Host.Storage.Model;

/// <summary>A page of the device list in device id order: the devices after <see cref="AfterDeviceId"/> (keyset, so
/// a page costs the same anywhere in a large fleet).</summary>
public sealed record DeviceQuery(string? AfterDeviceId = null, int Limit = 100);
