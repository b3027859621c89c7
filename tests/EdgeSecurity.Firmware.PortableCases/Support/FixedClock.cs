using System;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Time;

namespace EdgeSecurity.Firmware.PortableCases.Support
{
    /// <summary>A trusted wall clock stopped at the vectors' "now", so that every runtime sees the same time.</summary>
    public sealed class FixedClock : IClock
    {
        private const long TicksPerSecond = 10000000L;
        private readonly DateTime _now;
        private long _uptime;

        public FixedClock(long unixSeconds)
        {
            _now = new DateTime(UnixTime.EpochTicks + (unixSeconds * TicksPerSecond));
        }

        /// <summary>Advances by one millisecond per read: monotonic, and the same sequence on every runtime.</summary>
        public long UptimeMilliseconds
        {
            get { return ++_uptime; }
        }

        public DateTime UtcNow
        {
            get { return _now; }
        }

        public bool IsWallClockTrusted
        {
            get { return true; }
        }
    }
}
