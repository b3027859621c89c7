namespace EdgeSecurity.Host.Storage.Model;

/// <summary>The last record of a device's MAC chain that the host has stored: where the next record must link.</summary>
public sealed record ChainHead(string DeviceId, long Sequence, byte[] Mac);
