using System;

namespace EdgeSecurity.Firmware.Core.Time
{
    /// <summary>
    /// Unix time from a <see cref="DateTime"/>. nanoFramework's DateTime is UTC-only and has no
    /// DateTimeKind constructor or UnixEpoch, so the epoch is a tick constant that both runtimes share.
    /// </summary>
    public static class UnixTime
    {
        /// <summary>Ticks of 1970-01-01T00:00:00Z.</summary>
        public const long EpochTicks = 621355968000000000L;

        /// <summary>Whole seconds since the Unix epoch (negative before it).</summary>
        public static long Seconds(DateTime utc)
        {
            return (utc.Ticks - EpochTicks) / TimeSpan.TicksPerSecond;
        }

        /// <summary>Whole milliseconds since the Unix epoch (negative before it).</summary>
        public static long Milliseconds(DateTime utc)
        {
            return (utc.Ticks - EpochTicks) / TimeSpan.TicksPerMillisecond;
        }

        /// <summary>The instant <paramref name="milliseconds"/> after the epoch, as a <see cref="DateTime"/> in UTC (nanoFramework has no DateTimeKind constructor; on .NET its Kind is Unspecified, read it as UTC).</summary>
        public static DateTime FromMilliseconds(long milliseconds)
        {
            return new DateTime(EpochTicks + (milliseconds * TimeSpan.TicksPerMillisecond));
        }
    }
}
