using System;

namespace EdgeSecurity.Firmware.Core.Platform
{
    /// <summary>Time as the device knows it: a monotonic uptime and a wall clock that may not be trustworthy.</summary>
    public interface IClock
    {
        /// <summary>Milliseconds since this boot; never goes backwards.</summary>
        long UptimeMilliseconds { get; }

        /// <summary>The device's idea of UTC now.</summary>
        DateTime UtcNow { get; }

        /// <summary>True once the wall clock was set from a trusted source (SNTP over an authenticated path, or the host).</summary>
        bool IsWallClockTrusted { get; }
    }
}
