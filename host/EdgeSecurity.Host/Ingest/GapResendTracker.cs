using System.Collections.Concurrent;

namespace EdgeSecurity.Host.Ingest;

/// <summary>
/// Decides when an unexplained gap in a device's chain is real. A batch that starts after a hole is first
/// refused (ack status "gap"): usually an earlier batch was lost in transit (broker crash, dropped session)
/// and the device still holds it, so it resends from the host's head and the hole fills. Only when the
/// device has come back that many resend rounds still starting after the hole does the host accept that
/// the records are gone and record the gap. One device's messages are handled in order, so each device's
/// state is touched by one message at a time.
/// </summary>
public sealed class GapResendTracker
{
    private readonly ConcurrentDictionary<string, PendingGap> _pending = new(StringComparer.Ordinal);
    private readonly int _roundsBeforeAccepting;

    public GapResendTracker(int roundsBeforeAccepting)
    {
        if (roundsBeforeAccepting < 1)
        {
            throw new ArgumentException($"Ingest:GapResendRounds must be at least 1 (got {roundsBeforeAccepting}).", nameof(roundsBeforeAccepting));
        }

        _roundsBeforeAccepting = roundsBeforeAccepting;
    }

    /// <summary>True when the hole after <paramref name="head"/> (next record received: <paramref name="sequence"/>,
    /// in batch <paramref name="batchId"/>) has now been confirmed by enough resend rounds to be accepted.</summary>
    public bool ConfirmsGap(string deviceId, long head, long sequence, uint batchId)
    {
        if (!_pending.TryGetValue(deviceId, out var gap) || gap.Head != head)
        {
            gap = new PendingGap(head, sequence, batchId);
            _pending[deviceId] = gap;
            return Accept(deviceId, gap);
        }

        // A message seen before (the broker may deliver one twice, even late) or a later batch of the same
        // round: not a new round.
        if (!gap.Remember(batchId) || sequence > gap.FirstSequence)
        {
            return false;
        }

        gap.FirstSequence = sequence;
        gap.Rounds++;
        return Accept(deviceId, gap);
    }

    /// <summary>Forgets the device's pending gap: its chain moved on without one.</summary>
    public void Forget(string deviceId) => _pending.TryRemove(deviceId, out _);

    private bool Accept(string deviceId, PendingGap gap)
    {
        if (gap.Rounds < _roundsBeforeAccepting)
        {
            return false;
        }

        _pending.TryRemove(deviceId, out _);
        return true;
    }

    private sealed class PendingGap
    {
        // Bounds the memory a device can make the host spend; forgetting older ids can only make a very late
        // duplicate count as a round.
        private const int MaxRememberedBatches = 64;
        private readonly HashSet<uint> _batchIds;

        public PendingGap(long head, long firstSequence, uint batchId)
        {
            Head = head;
            FirstSequence = firstSequence;
            _batchIds = [batchId];
        }

        public long Head { get; }

        public long FirstSequence { get; set; }

        public int Rounds { get; set; } = 1;

        /// <summary>False when the batch was seen before.</summary>
        public bool Remember(uint batchId)
        {
            if (_batchIds.Count >= MaxRememberedBatches && !_batchIds.Contains(batchId))
            {
                _batchIds.Clear();
            }

            return _batchIds.Add(batchId);
        }
    }
}
