namespace EdgeSecurity.Host.Storage.Model;

/// <summary>The last record of a device's MAC chain that the host has stored: where the next record must link,
/// and the key epoch it was MAC'd in (records of older epochs are no longer new, docs/formats/events.md §2.1).</summary>
public sealed record ChainHead(string DeviceId, long Sequence, byte[] Mac, ushort KeyEpoch = 0);
