using System;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Time;

namespace EdgeSecurity.Firmware.Core.Journal
{
    /// <summary>
    /// Where the agent records security events: adds the envelope (device, boot, sequence, times), chains
    /// the MAC, appends to the journal, and reports the journal's own health (drops, fill threshold,
    /// recovery) as events, so no loss goes unreported.
    /// </summary>
    public sealed class SecurityEventLog
    {
        private const int ThresholdHysteresisPercent = 10;
        private readonly EventJournal _journal;
        private readonly IMacPrimitive _mac;
        private readonly byte[] _key;
        private readonly string _deviceId;
        private readonly uint _bootCounter;
        private readonly IClock _clock;
        private readonly JournalOptions _options;
        private readonly object _gate = new object();
        private int _recordsSinceDropReport;
        private bool _thresholdReported;

        public SecurityEventLog(EventJournal journal, JournalOptions options, IMacPrimitive mac, byte[] deviceEventKey, string deviceId, uint bootCounter, IClock clock)
        {
            if (journal == null || options == null || mac == null || deviceEventKey == null || clock == null)
            {
                throw new ArgumentNullException("journal, options, mac, deviceEventKey and clock are required");
            }

            EventRecordCodec.DeviceIdBytes(deviceId);
            _journal = journal;
            _options = options;
            _mac = mac;
            _key = deviceEventKey;
            _deviceId = deviceId;
            _bootCounter = bootCounter;
            _clock = clock;
        }

        public EventJournal Journal => _journal;

        /// <summary>Opens the journal (recovering from power loss) and records what recovery repaired.</summary>
        public JournalRecovery Open()
        {
            lock (_gate)
            {
                JournalRecovery recovery = _journal.Open();
                if (recovery.TamperingFound)
                {
                    Record(SecurityEvents.JournalTampered(recovery.OutOfSequenceFound, recovery.OutOfSequenceAfter));
                }

                if (recovery.RepairedAnything)
                {
                    Record(SecurityEvents.JournalRecovered(recovery.TruncatedBytes, recovery.SequenceStateLost));
                }
                else
                {
                    ReportDrops(true);
                }

                return recovery;
            }
        }

        /// <summary>Records <paramref name="securityEvent"/> durably. Returns its sequence number, or 0 when
        /// it is telemetry that the full journal refused (counted and reported as a drop).</summary>
        public long Record(SecurityEvent securityEvent)
        {
            if (securityEvent == null)
            {
                throw new ArgumentNullException("securityEvent");
            }

            lock (_gate)
            {
                bool stored = Append(securityEvent, true, out long sequence);
                _recordsSinceDropReport++;
                ReportDrops(_recordsSinceDropReport >= _options.DropReportInterval);
                ReportThreshold();
                return stored ? sequence : 0;
            }
        }

        /// <summary>Records a heartbeat with the journal's own health metrics.</summary>
        public long RecordHeartbeat(long freeMemoryBytes)
        {
            return Record(SecurityEvents.Heartbeat(
                freeMemoryBytes,
                _clock.UptimeMilliseconds,
                _journal.RecordCount,
                _journal.UsedBytes,
                _journal.CapacityBytes,
                _journal.DroppedTelemetryTotal,
                _journal.DroppedSecurityTotal,
                _journal.CountUnacknowledged()));
        }

        private bool Append(SecurityEvent securityEvent, bool mayEvictSecurity, out long sequence)
        {
            sequence = _journal.NextSequence();
            var record = new EventRecord();
            record.DeviceId = _deviceId;
            record.KeyEpoch = _options.KeyEpoch;
            record.BootCounter = _bootCounter;
            record.Sequence = sequence;
            record.DeviceTimeUnixMs = UnixTime.Milliseconds(_clock.UtcNow);
            record.DeviceTimeTrusted = _clock.IsWallClockTrusted;
            record.UptimeMs = _clock.UptimeMilliseconds;
            record.EventType = securityEvent.Type;
            record.Severity = securityEvent.Severity;
            record.Priority = securityEvent.Priority;
            record.Fields = securityEvent.Fields;
            byte[] bytes = EventRecordCodec.Encode(record);
            byte[] mac = EventChain.ComputeMac(_mac, _key, _journal.HeadMac, bytes);
            return _journal.Append(sequence, securityEvent.Priority, bytes, mac, mayEvictSecurity);
        }

        /// <summary>
        /// Records pending drops. While the journal holds only security events the report would itself
        /// evict one, so it may do so only every <see cref="JournalOptions.DropReportInterval"/> records;
        /// until then the counts stay pending (persisted, and in every heartbeat's totals).
        /// </summary>
        private void ReportDrops(bool mayEvictSecurity)
        {
            DropReport report = _journal.PendingDropReport();
            if (report == null)
            {
                return;
            }

            SecurityEvent dropped = SecurityEvents.RecordsDropped(report.Telemetry, report.Security, report.FirstSequence, report.LastSequence, report.TelemetryTotal, report.SecurityTotal, "capacity");
            if (Append(dropped, mayEvictSecurity, out long ignored))
            {
                _journal.MarkReported(report);
                _recordsSinceDropReport = 0;
            }
        }

        private void ReportThreshold()
        {
            long used = _journal.UsedBytes * 100L;
            long capacity = _journal.CapacityBytes;
            if (!_thresholdReported && used >= capacity * _options.HealthThresholdPercent)
            {
                // Not allowed to evict a security event: if it does not fit now, the next record retries.
                _thresholdReported = Append(SecurityEvents.JournalThresholdReached(_journal.UsedBytes, _journal.CapacityBytes, _options.HealthThresholdPercent, _journal.RecordCount), false, out long ignored);
            }
            else if (_thresholdReported && used < capacity * (_options.HealthThresholdPercent - ThresholdHysteresisPercent))
            {
                _thresholdReported = false;
            }
        }
    }
}
