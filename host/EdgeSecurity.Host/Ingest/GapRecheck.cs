using System.Collections.Concurrent;
using System.Diagnostics;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Storage;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Ingest;

/// <summary>
/// Gives a hole in a device's chain a moment to fill before the batch after it is answered "resend" (decision 215).
/// With several host instances a device's two in-flight batches are usually handled by different instances, and
/// the later one is verified while the other instance is still committing the earlier one; answering "gap" then
/// makes the device send both again. This polls the stored chain head (one row) and verifies the batch again once
/// the head passed what the batch could be acknowledged through. The wait decides nothing itself: the batch is
/// verified against the stored chain as ever, so what is stored and acknowledged is exactly what a fresh delivery
/// of the batch would get.
/// A wait holds a handler lane, so it is bounded three ways: in time (<see cref="IngestOptions.GapWaitMs"/>), in
/// waits at once per instance (<see cref="IngestOptions.GapWaitsAtOnce"/>, beyond it the answer is given at once),
/// and per device: after a wait that ended with the hole still open, that device's batches are answered at once
/// until its stored chain moves on, so a device that keeps sending after a real hole (lost batch, or hostile)
/// costs one wait, not one per message.
/// </summary>
public sealed class GapRecheck
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(100);

    private readonly ITelemetryStore _store;
    private readonly BatchVerifier _verifier;
    private readonly IngestMetrics _metrics;
    private readonly TimeSpan _budget;
    private readonly SemaphoreSlim? _slots;
    private int _waiting;

    // Device → what its gap batches could be acknowledged through when a wait last ended with the hole open.
    private readonly ConcurrentDictionary<string, long> _openHoles = new(StringComparer.Ordinal);

    public GapRecheck(ITelemetryStore store, BatchVerifier verifier, IngestMetrics metrics, IOptions<EdgeSecurityHostOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ingest = options.Value.Ingest;
        if (ingest.GapWaitMs < 0 || ingest.GapWaitsAtOnce < 0)
        {
            throw new ArgumentException("Ingest:GapWaitMs and Ingest:GapWaitsAtOnce cannot be negative (0 answers a hole at once).", nameof(options));
        }

        _store = store;
        _verifier = verifier;
        _metrics = metrics;
        _budget = TimeSpan.FromMilliseconds(ingest.GapWaitMs);
        _slots = ingest.GapWaitMs > 0 && ingest.GapWaitsAtOnce > 0 ? new SemaphoreSlim(ingest.GapWaitsAtOnce, ingest.GapWaitsAtOnce) : null;
    }

    /// <summary>Batches waiting for a hole right now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>
    /// <paramref name="verified"/> unchanged unless it stopped at a hole that fills within the wait; then the
    /// batch verified again against the stored chain that now closes the hole.
    /// </summary>
    public async Task<VerifiedBatch> AwaitHoleAsync(EventBatch batch, byte[] deviceEventKey, IEventKeyRing keys, VerifiedBatch verified, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verified);
        if (!verified.StoppedAtGap || _slots is null)
        {
            return verified;
        }

        var deviceId = verified.DeviceId;
        if (_openHoles.TryGetValue(deviceId, out var openAt) && openAt >= verified.AckedThrough)
        {
            return verified; // this hole already had its wait; the device's chain has not moved since
        }

        if (!_slots.Wait(0, CancellationToken.None))
        {
            _metrics.RecordGapWait(IngestMetrics.GapWaitNoSlot, Stopwatch.GetTimestamp());
            return verified;
        }

        var started = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _waiting);
        try
        {
            var poll = FirstPoll;
            var ackableThrough = verified.AckedThrough;
            for (var left = _budget; left > TimeSpan.Zero; left = _budget - Stopwatch.GetElapsedTime(started))
            {
                await Task.Delay(poll < left ? poll : left, cancellationToken).ConfigureAwait(false);
                poll = poll * 2 < LongestPoll ? poll * 2 : LongestPoll;
                var head = await _store.GetChainHeadAsync(deviceId, cancellationToken).ConfigureAwait(false);
                if ((head?.Sequence ?? 0) <= ackableThrough)
                {
                    continue; // nothing stored past what this batch reaches: the hole is still open
                }

                var again = await _verifier.VerifyAsync(deviceId, batch, deviceEventKey, keys, cancellationToken).ConfigureAwait(false);
                if (!again.StoppedAtGap)
                {
                    _openHoles.TryRemove(deviceId, out _);
                    _metrics.RecordGapWait(IngestMetrics.GapWaitFilled, started);
                    return again;
                }

                (verified, ackableThrough) = (again, again.AckedThrough);
            }

            _openHoles[deviceId] = verified.AckedThrough;
            _metrics.RecordGapWait(IngestMetrics.GapWaitExpired, started);
            return verified;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
            _slots.Release();
        }
    }
}
