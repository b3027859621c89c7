using System.Collections.Concurrent;
using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Ingest;

/// <summary>
/// The chain head each device's last committed batch left, so a batch that simply continues the chain needs no
/// database read. Set only after a successful commit and forgotten when a commit fails, so it never runs
/// ahead of storage. It is trusted only for a batch whose first record links to it; anything else (another
/// host instance stored newer records, a resend, a gap) is verified against the stored head instead.
/// </summary>
public sealed class ChainHeadCache
{
    private readonly ConcurrentDictionary<string, ChainHead> _heads = new(StringComparer.Ordinal);

    /// <summary>The cached head when <paramref name="batch"/>'s first record continues it; otherwise null (read the store).</summary>
    public ChainHead? ContinuedBy(string deviceId, EventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!_heads.TryGetValue(deviceId, out var head))
        {
            return null;
        }

        var first = batch.Entries[0];
        return first.Record.Sequence > head.Sequence && ConstantTime.AreEqual(first.PreviousMac, head.Mac) ? head : null;
    }

    /// <summary>Records the head a commit made durable (only moves forward).</summary>
    public void Committed(ChainHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        _heads.AddOrUpdate(head.DeviceId, head, (_, current) => head.Sequence > current.Sequence ? head : current);
    }

    public void Forget(string deviceId) => _heads.TryRemove(deviceId, out _);
}
