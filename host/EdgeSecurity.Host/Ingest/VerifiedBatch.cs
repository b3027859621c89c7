using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Ingest;

/// <summary>
/// The outcome of checking one batch against the stored chain: what to store, where the chain head moves,
/// what the ack may confirm, and the anomalies found.
/// </summary>
public sealed record VerifiedBatch(
    string DeviceId,
    uint BatchId,
    IReadOnlyList<SecurityEventRecord> NewEvents,
    ChainHead? NewHead,
    long AckedThrough,
    int Duplicates,
    IReadOnlyList<ChainAnomaly> Anomalies)
{
    /// <summary>The decoded form of <see cref="NewEvents"/>, same order: the batch decoder's records, passed on so
    /// the alert rules need not decode the stored bytes again.</summary>
    public IReadOnlyList<EventRecord> NewRecords { get; init; } = [];

    /// <summary>When the device was heard from, stored with the batch.</summary>
    public DeviceTouch? Touch { get; init; }

    /// <summary>The batch went on after an unexplained gap; nothing from the gap on was taken and the ack
    /// asks the device to resend from <see cref="AckedThrough"/>.</summary>
    public bool StoppedAtGap { get; init; }
}
