namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>
    /// Builds the catalogued events (docs/events.md) with the right priority, severity and field ids, so
    /// callers cannot get the contract wrong. Result code 0 means success everywhere.
    /// </summary>
    public static class SecurityEvents
    {
        public static SecurityEvent BootVerification(int resultCode, string reason, string slot, string version, string previousVersion, long securityCounter)
        {
            return Security(EventTypes.BootVerification, resultCode == 0 ? EventSeverity.Info : EventSeverity.Critical, new EventField[]
            {
                EventField.Int32(EventFieldIds.Outcome.ResultCode, resultCode),
                EventField.String(EventFieldIds.Outcome.Reason, reason),
                EventField.String(EventFieldIds.Boot.Slot, slot),
                EventField.String(EventFieldIds.Boot.Version, version),
                EventField.String(EventFieldIds.Boot.PreviousVersion, previousVersion),
                EventField.Int64(EventFieldIds.Boot.SecurityCounter, securityCounter),
            });
        }

        public static SecurityEvent IntegrityCheck(int resultCode, string reason, string subject, int mismatches)
        {
            return Security(EventTypes.IntegrityCheck, resultCode == 0 ? EventSeverity.Info : EventSeverity.Critical, Outcome(resultCode, reason, subject, mismatches));
        }

        public static SecurityEvent ContainmentEntered(int resultCode, string reason)
        {
            return Security(EventTypes.ContainmentEntered, EventSeverity.Critical, new EventField[]
            {
                EventField.Int32(EventFieldIds.Outcome.ResultCode, resultCode),
                EventField.String(EventFieldIds.Outcome.Reason, reason),
            });
        }

        public static SecurityEvent ContainmentLeft(string reason)
        {
            return Security(EventTypes.ContainmentLeft, EventSeverity.Notice, new EventField[] { EventField.String(EventFieldIds.Outcome.Reason, reason) });
        }

        public static SecurityEvent OtaDownloadStarted(string version, long securityCounter, long totalBytes)
        {
            return Security(EventTypes.OtaDownloadStarted, EventSeverity.Info, new EventField[]
            {
                EventField.String(EventFieldIds.Ota.Version, version),
                EventField.Int64(EventFieldIds.Ota.SecurityCounter, securityCounter),
                EventField.Int64(EventFieldIds.Ota.TotalBytes, totalBytes),
            });
        }

        public static SecurityEvent OtaChunkFailed(string version, int chunkIndex, int resultCode, string reason)
        {
            return Security(EventTypes.OtaChunkFailed, EventSeverity.Warning, new EventField[]
            {
                EventField.String(EventFieldIds.Ota.Version, version),
                EventField.Int32(EventFieldIds.Ota.ChunkIndex, chunkIndex),
                EventField.Int32(EventFieldIds.Ota.ResultCode, resultCode),
                EventField.String(EventFieldIds.Ota.Reason, reason),
            });
        }

        public static SecurityEvent OtaInstalled(string version, string slot)
        {
            return OtaInSlot(EventTypes.OtaInstalled, EventSeverity.Info, version, slot);
        }

        public static SecurityEvent OtaTrialBoot(string version, string slot)
        {
            return OtaInSlot(EventTypes.OtaTrialBoot, EventSeverity.Notice, version, slot);
        }

        public static SecurityEvent OtaConfirmed(string version, long securityCounter, string slot)
        {
            return Security(EventTypes.OtaConfirmed, EventSeverity.Notice, new EventField[]
            {
                EventField.String(EventFieldIds.Ota.Version, version),
                EventField.Int64(EventFieldIds.Ota.SecurityCounter, securityCounter),
                EventField.String(EventFieldIds.Ota.Slot, slot),
            });
        }

        public static SecurityEvent OtaRolledBack(string version, string slot, int resultCode, string reason)
        {
            return Security(EventTypes.OtaRolledBack, EventSeverity.Error, new EventField[]
            {
                EventField.String(EventFieldIds.Ota.Version, version),
                EventField.String(EventFieldIds.Ota.Slot, slot),
                EventField.Int32(EventFieldIds.Ota.ResultCode, resultCode),
                EventField.String(EventFieldIds.Ota.Reason, reason),
            });
        }

        public static SecurityEvent ConnectionFailure(string endpoint, int resultCode, string reason, int consecutiveFailures)
        {
            return Security(EventTypes.ConnectionFailure, EventSeverity.Warning, Outcome(resultCode, reason, endpoint, consecutiveFailures));
        }

        public static SecurityEvent AuthenticationFailure(string peer, int resultCode, string reason, int consecutiveFailures)
        {
            return Security(EventTypes.AuthenticationFailure, EventSeverity.Error, Outcome(resultCode, reason, peer, consecutiveFailures));
        }

        public static SecurityEvent ClockSet(long previousUnixMs, long newUnixMs, string source, bool trusted)
        {
            return Security(EventTypes.ClockSet, EventSeverity.Notice, new EventField[]
            {
                EventField.Int64(EventFieldIds.Clock.PreviousUnixMs, previousUnixMs),
                EventField.Int64(EventFieldIds.Clock.NewUnixMs, newUnixMs),
                EventField.String(EventFieldIds.Clock.Source, source),
                EventField.Bool(EventFieldIds.Clock.Trusted, trusted),
            });
        }

        public static SecurityEvent ClockJump(long expectedUnixMs, long observedUnixMs, string source)
        {
            return Security(EventTypes.ClockJump, EventSeverity.Warning, new EventField[]
            {
                EventField.Int64(EventFieldIds.Clock.PreviousUnixMs, expectedUnixMs),
                EventField.Int64(EventFieldIds.Clock.NewUnixMs, observedUnixMs),
                EventField.String(EventFieldIds.Clock.Source, source),
            });
        }

        public static SecurityEvent ConfigurationChanged(string item, byte[] oldDigest, byte[] newDigest, string origin)
        {
            return Security(EventTypes.ConfigurationChanged, EventSeverity.Notice, new EventField[]
            {
                EventField.String(EventFieldIds.Configuration.Item, item),
                EventField.Bytes(EventFieldIds.Configuration.OldDigest, oldDigest == null ? new byte[0] : oldDigest),
                EventField.Bytes(EventFieldIds.Configuration.NewDigest, newDigest == null ? new byte[0] : newDigest),
                EventField.String(EventFieldIds.Configuration.Origin, origin),
            });
        }

        /// <summary>Health metrics; the only telemetry-class event, first to be dropped when the journal is full.</summary>
        public static SecurityEvent Heartbeat(long freeMemoryBytes, long uptimeMs, int journalRecords, int journalUsedBytes, int journalCapacityBytes, long droppedTelemetryTotal, long droppedSecurityTotal, int unacknowledgedRecords)
        {
            return new SecurityEvent(EventTypes.Heartbeat, EventSeverity.Info, EventPriority.Telemetry, new EventField[]
            {
                EventField.Int64(EventFieldIds.Heartbeat.FreeMemoryBytes, freeMemoryBytes),
                EventField.Int64(EventFieldIds.Heartbeat.UptimeMs, uptimeMs),
                EventField.Int32(EventFieldIds.Heartbeat.JournalRecords, journalRecords),
                EventField.Int32(EventFieldIds.Heartbeat.JournalUsedBytes, journalUsedBytes),
                EventField.Int32(EventFieldIds.Heartbeat.JournalCapacityBytes, journalCapacityBytes),
                EventField.Int64(EventFieldIds.Heartbeat.DroppedTelemetryTotal, droppedTelemetryTotal),
                EventField.Int64(EventFieldIds.Heartbeat.DroppedSecurityTotal, droppedSecurityTotal),
                EventField.Int32(EventFieldIds.Heartbeat.UnacknowledgedRecords, unacknowledgedRecords),
            });
        }

        public static SecurityEvent RecordsDropped(int telemetry, int security, long firstSequence, long lastSequence, long telemetryTotal, long securityTotal, string reason)
        {
            return Security(EventTypes.RecordsDropped, security > 0 ? EventSeverity.Error : EventSeverity.Warning, new EventField[]
            {
                EventField.Int32(EventFieldIds.Journal.DroppedTelemetry, telemetry),
                EventField.Int32(EventFieldIds.Journal.DroppedSecurity, security),
                EventField.Int64(EventFieldIds.Journal.FirstDroppedSequence, firstSequence),
                EventField.Int64(EventFieldIds.Journal.LastDroppedSequence, lastSequence),
                EventField.Int64(EventFieldIds.Journal.DroppedTelemetryTotal, telemetryTotal),
                EventField.Int64(EventFieldIds.Journal.DroppedSecurityTotal, securityTotal),
                EventField.String(EventFieldIds.Journal.Reason, reason),
            });
        }

        public static SecurityEvent JournalThresholdReached(int usedBytes, int capacityBytes, int thresholdPercent, int records)
        {
            return Security(EventTypes.JournalThresholdReached, EventSeverity.Warning, new EventField[]
            {
                EventField.Int32(EventFieldIds.Journal.UsedBytes, usedBytes),
                EventField.Int32(EventFieldIds.Journal.CapacityBytes, capacityBytes),
                EventField.Int32(EventFieldIds.Journal.ThresholdPercent, thresholdPercent),
                EventField.Int32(EventFieldIds.Journal.Records, records),
            });
        }

        public static SecurityEvent JournalRecovered(int truncatedBytes, bool sequenceStateLost)
        {
            return Security(EventTypes.JournalRecovered, sequenceStateLost ? EventSeverity.Warning : EventSeverity.Notice, new EventField[]
            {
                EventField.Int32(EventFieldIds.Journal.TruncatedBytes, truncatedBytes),
                EventField.Bool(EventFieldIds.Journal.SequenceStateLost, sequenceStateLost),
            });
        }

        /// <summary>A well-formed record was found out of sequence in the journal (a copy written back to the flash).</summary>
        public static SecurityEvent JournalTampered(long foundSequence, long afterSequence)
        {
            return Security(EventTypes.JournalTampered, EventSeverity.Critical, new EventField[]
            {
                EventField.Int64(EventFieldIds.Journal.OutOfSequenceFound, foundSequence),
                EventField.Int64(EventFieldIds.Journal.OutOfSequenceAfter, afterSequence),
            });
        }

        private static EventField[] Outcome(int resultCode, string reason, string subject, int count)
        {
            return new EventField[]
            {
                EventField.Int32(EventFieldIds.Outcome.ResultCode, resultCode),
                EventField.String(EventFieldIds.Outcome.Reason, reason),
                EventField.String(EventFieldIds.Outcome.Subject, subject),
                EventField.Int32(EventFieldIds.Outcome.Count, count),
            };
        }

        private static SecurityEvent OtaInSlot(ushort type, EventSeverity severity, string version, string slot)
        {
            return Security(type, severity, new EventField[]
            {
                EventField.String(EventFieldIds.Ota.Version, version),
                EventField.String(EventFieldIds.Ota.Slot, slot),
            });
        }

        private static SecurityEvent Security(ushort type, EventSeverity severity, EventField[] fields)
        {
            return new SecurityEvent(type, severity, EventPriority.Security, fields);
        }
    }
}
