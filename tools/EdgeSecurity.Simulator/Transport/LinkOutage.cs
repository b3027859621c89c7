namespace EdgeSecurity.Simulator.Transport;

/// <summary>
/// When one kind of outage (broker unreachable, host silent) is on for a device's link. Times come from a
/// <see cref="TimeProvider"/>'s monotonic timestamp, so tests move time by hand and wall-clock jumps do not
/// end an outage early. Thread-safe: faults begin outages on the device's thread, MQTT callbacks read them.
/// </summary>
public sealed class LinkOutage
{
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private long? _endsAt;
    private int _count;

    public LinkOutage(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>Longest outage accepted (a year): far inside the timestamp range of any clock.</summary>
    public static TimeSpan MaxLength { get; } = TimeSpan.FromDays(365);

    /// <summary>Whether the outage is on now.</summary>
    public bool IsActive => Remaining > TimeSpan.Zero;

    /// <summary>How long the outage still lasts (zero when it is off).</summary>
    public TimeSpan Remaining
    {
        get
        {
            lock (_gate)
            {
                if (_endsAt is not { } end)
                {
                    return TimeSpan.Zero;
                }

                var left = _time.GetElapsedTime(_time.GetTimestamp(), end);
                return left > TimeSpan.Zero ? left : TimeSpan.Zero;
            }
        }
    }

    /// <summary>How many outages were begun (an extension of a running one counts too).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>
    /// Starts an outage of <paramref name="length"/> from now. During a running one, the outage lasts until the
    /// later of both ends: a second fault never shortens the first.
    /// </summary>
    public void Begin(TimeSpan length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(length, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxLength);
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var end = now + (long)(length.TotalSeconds * _time.TimestampFrequency);
            _endsAt = _endsAt is { } current && current > end && current > now ? current : end;
            _count++;
        }
    }
}
