namespace EdgeSecurity.Simulator.Tests;

/// <summary>A clock that moves only when the test says so (monotonic timestamps in ticks).</summary>
internal sealed class ManualTime : TimeProvider
{
    private long _ticks = TimeSpan.FromDays(1).Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
