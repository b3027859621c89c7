using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Tests.Events.Support;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock : IClock
{
    public long UptimeMilliseconds { get; set; } = 1000;

    public DateTime UtcNow { get; set; } = new(2026, 11, 22, 3, 0, 0, DateTimeKind.Utc);

    public bool IsWallClockTrusted { get; set; } = true;

    public void Advance(long milliseconds)
    {
        UptimeMilliseconds += milliseconds;
        UtcNow = UtcNow.AddMilliseconds(milliseconds);
    }
}
