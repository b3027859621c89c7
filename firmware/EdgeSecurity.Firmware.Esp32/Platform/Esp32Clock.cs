using System;
using EdgeSecurity.Firmware.Core.Platform;
using nanoFramework.Runtime.Native;

namespace EdgeSecurity.Firmware.Esp32.Platform
{
    /// <summary>Uptime from Environment.TickCount64; wall clock from the RTC, trusted only after it was set
    /// from an authenticated source (the host's time over mutually authenticated TLS, or SNTP when configured).</summary>
    public sealed class Esp32Clock : IClock
    {
        private bool _trusted;

        public long UptimeMilliseconds
        {
            get { return Environment.TickCount64; }
        }

        public DateTime UtcNow
        {
            get { return DateTime.UtcNow; }
        }

        public bool IsWallClockTrusted
        {
            get { return _trusted; }
        }

        public void SetTrustedTime(DateTime utc)
        {
            Rtc.SetSystemTime(utc);
            _trusted = true;
        }
    }
}
