namespace EdgeSecurity.Host.Storage.Model;

/// <summary>
/// Everything one ingest step stores atomically: verified events and the chain heads they advance.
/// Either all of it is durable or none of it is, so the device is acknowledged only for what is stored.
/// </summary>
public sealed record IngestBatch(IReadOnlyList<SecurityEventRecord> Events, IReadOnlyList<ChainHead> ChainHeads, IReadOnlyList<DeviceTouch>? Touches = null);

/// <summary>A device was heard from at <paramref name="SeenAtMs"/> (and sent a heartbeat): stored with the batch, so ingest needs no second transaction.</summary>
public sealed record DeviceTouch(string DeviceId, long SeenAtMs, bool Heartbeat);

/// <summary>How many events were new and how many were already stored (re-delivery is harmless).</summary>
public sealed record IngestCommitResult(int Stored, int Duplicates);
