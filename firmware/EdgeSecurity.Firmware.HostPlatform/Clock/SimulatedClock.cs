using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.HostPlatform.Clock;

/// <summary>
/// <see cref="IClock"/> for tests and the simulator: time moves only when told, and the wall clock can be
/// set, skewed and marked trusted or not independently of the monotonic uptime, as on a device whose RTC
/// starts at an arbitrary date until SNTP or the host sets it.
/// </summary>
public sealed class SimulatedClock : IClock
{
    private readonly object _gate = new();
    private long _uptimeMilliseconds;
    private DateTime _wallClock;
    private TimeSpan _skew;
    private bool _trusted;

    /// <param name="wallClockUtc">The wall clock at uptime 0 (a device boots with an untrusted RTC value).</param>
    public SimulatedClock(DateTime wallClockUtc)
    {
        if (wallClockUtc.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("The wall clock must be given in UTC.", nameof(wallClockUtc));
        }

        _wallClock = wallClockUtc;
    }

    public long UptimeMilliseconds
    {
        get { lock (_gate) { return _uptimeMilliseconds; } }
    }

    public DateTime UtcNow
    {
        get { lock (_gate) { return _wallClock + _skew; } }
    }

    public bool IsWallClockTrusted
    {
        get { lock (_gate) { return _trusted; } }
    }

    /// <summary>Moves both uptime and wall clock forward, as real time passing.</summary>
    public void Advance(TimeSpan elapsed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(elapsed, TimeSpan.Zero);
        lock (_gate)
        {
            _uptimeMilliseconds += (long)elapsed.TotalMilliseconds;
            _wallClock += elapsed;
        }
    }

    /// <summary>Sets the wall clock (as SNTP or the host would) and whether that source is trusted; uptime is unchanged.</summary>
    public void SetWallClock(DateTime utcNow, bool trusted)
    {
        if (utcNow.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("The wall clock must be given in UTC.", nameof(utcNow));
        }

        lock (_gate)
        {
            _wallClock = utcNow;
            _skew = TimeSpan.Zero;
            _trusted = trusted;
        }
    }

    /// <summary>Offsets the wall clock by <paramref name="skew"/> (fault injection: a drifting or attacker-set RTC).</summary>
    public void Skew(TimeSpan skew)
    {
        lock (_gate)
        {
            _skew = skew;
        }
    }

    /// <summary>Simulates a reboot: uptime restarts at 0 and the wall clock is no longer trusted.</summary>
    public void Reboot()
    {
        lock (_gate)
        {
            _uptimeMilliseconds = 0;
            _trusted = false;
        }
    }
}
