using System;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Time
{
    /// <summary>
    /// Trusted time without an RTC (docs/ota.md, "trusted time"): the newest time the device has seen in an
    /// authenticated message (an offer that passed its MAC and sequence checks), kept on flash in two
    /// alternating copies and never decreasing, plus the uptime elapsed since it was sampled in this boot.
    /// After a reboot it is a lower bound of the real time, which is what expiry checks need: a bundle that
    /// expired before the newest time the device has seen stays expired (no freeze attack).
    /// </summary>
    public sealed class TrustedClock : IClock
    {
        /// <summary>Default for <see cref="MaxForwardStepSeconds"/>: a little over a year.</summary>
        public const long DefaultMaxForwardStepSeconds = 400L * 24 * 3600;

        /// <summary>Host time that lags the trusted time by more than this is reported as behind (clock drift below it is normal).</summary>
        public const long BehindToleranceSeconds = 300;

        /// <summary>Uptime after which the elapsed time is saved again even without a new sample, so a reboot loses at most this much.</summary>
        public const long CheckpointIntervalMilliseconds = 3600L * 1000;

        private const int PayloadBytes = 8;
        private static readonly byte[] Magic = new byte[] { (byte)'E', (byte)'S', (byte)'T', (byte)'T' };

        private readonly IClock _uptime;
        private readonly TwoCopyRecord _record;
        private readonly object _gate = new object();
        private bool _known;
        private long _baseMs;
        private long _baseUptimeMs;
        private long _savedMs;

        /// <param name="uptime">The platform clock; only its monotonic uptime is used, never its wall clock.</param>
        public TrustedClock(IClock uptime, IFlashStorage storage)
        {
            if (uptime == null || storage == null)
            {
                throw new ArgumentNullException(uptime == null ? "uptime" : "storage");
            }

            _uptime = uptime;
            MaxForwardStepSeconds = DefaultMaxForwardStepSeconds;
            _record = new TwoCopyRecord(storage, Ota.OtaStorageLayout.TrustedTimeCopy0, Ota.OtaStorageLayout.TrustedTimeCopy1, Magic, PayloadBytes);
            byte[] stored = _record.Load();
            if (stored != null && stored.Length == PayloadBytes)
            {
                _known = true;
                _baseMs = LittleEndian.ReadInt64(stored, 0);
                _savedMs = _baseMs;
                _baseUptimeMs = uptime.UptimeMilliseconds;
            }
        }

        /// <summary>
        /// The largest step forward one sample may make once a time is known: a host (or a key) that sets the
        /// time far ahead would make every bundle look expired; the step bounds how far one message can push it.
        /// </summary>
        public long MaxForwardStepSeconds { get; set; }

        public long UptimeMilliseconds
        {
            get { return _uptime.UptimeMilliseconds; }
        }

        /// <summary>The trusted time now (the epoch while <see cref="IsWallClockTrusted"/> is false).</summary>
        public DateTime UtcNow
        {
            get { return UnixTime.FromMilliseconds(NowMilliseconds); }
        }

        /// <summary>True once any authenticated time was seen (in this boot or saved by an earlier one).</summary>
        public bool IsWallClockTrusted
        {
            get { lock (_gate) { return _known; } }
        }

        /// <summary>Trusted Unix milliseconds now; 0 while no time is known.</summary>
        public long NowMilliseconds
        {
            get
            {
                lock (_gate)
                {
                    return _known ? _baseMs + (_uptime.UptimeMilliseconds - _baseUptimeMs) : 0;
                }
            }
        }

        /// <summary>Trusted Unix seconds now; 0 while no time is known.</summary>
        public long NowSeconds
        {
            get { return NowMilliseconds / 1000; }
        }

        /// <summary>
        /// Feeds the time carried by an authenticated message. Moves forward only (and at most
        /// <see cref="MaxForwardStepSeconds"/> once a time is known) and saves the new time durably before
        /// returning, so a power cut right after cannot lose it.
        /// </summary>
        public TrustedTimeChange Observe(long authenticatedUnixSeconds)
        {
            lock (_gate)
            {
                long sampleMs = authenticatedUnixSeconds * 1000;
                long nowMs = _known ? _baseMs + (_uptime.UptimeMilliseconds - _baseUptimeMs) : long.MinValue;
                if (_known && sampleMs <= nowMs)
                {
                    return nowMs - sampleMs > BehindToleranceSeconds * 1000 ? TrustedTimeChange.Behind : TrustedTimeChange.Unchanged;
                }

                TrustedTimeChange change = TrustedTimeChange.Advanced;
                if (_known && sampleMs - nowMs > MaxForwardStepSeconds * 1000)
                {
                    sampleMs = nowMs + (MaxForwardStepSeconds * 1000);
                    change = TrustedTimeChange.Clamped;
                }

                SaveLocked(sampleMs);
                return change;
            }
        }

        /// <summary>
        /// Saves the elapsed uptime when <see cref="CheckpointIntervalMilliseconds"/> passed since the last save,
        /// so the lower bound a reboot starts from stays close to the real time. Call from the agent loop.
        /// </summary>
        public void Checkpoint()
        {
            lock (_gate)
            {
                if (!_known)
                {
                    return;
                }

                long nowMs = _baseMs + (_uptime.UptimeMilliseconds - _baseUptimeMs);
                if (nowMs - _savedMs >= CheckpointIntervalMilliseconds)
                {
                    SaveLocked(nowMs);
                }
            }
        }

        private void SaveLocked(long unixMs)
        {
            byte[] payload = new byte[PayloadBytes];
            LittleEndian.PutInt64(payload, 0, unixMs);
            _record.Save(payload);
            _known = true;
            _baseMs = unixMs;
            _baseUptimeMs = _uptime.UptimeMilliseconds;
            _savedMs = unixMs;
        }
    }
}
