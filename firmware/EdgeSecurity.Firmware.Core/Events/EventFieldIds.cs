namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>Field ids per event family; ids are scoped to the event type that uses them.</summary>
    public static class EventFieldIds
    {
        /// <summary>Fields shared by the result-style events (boot, integrity, containment, connection, authentication).</summary>
        public static class Outcome
        {
            public const byte ResultCode = 1;
            public const byte Reason = 2;
            public const byte Subject = 3;
            public const byte Count = 4;
        }

        public static class Boot
        {
            public const byte Slot = 5;
            public const byte Version = 6;
            public const byte PreviousVersion = 7;
            public const byte SecurityCounter = 8;
        }

        public static class Ota
        {
            public const byte Version = 1;
            public const byte SecurityCounter = 2;
            public const byte Slot = 3;
            public const byte TotalBytes = 4;
            public const byte ChunkIndex = 5;
            public const byte ResultCode = 6;
            public const byte Reason = 7;
            public const byte CampaignId = 8;
            public const byte OfferSequence = 9;
            public const byte LastAcceptedSequence = 10;
            public const byte ChunksPresent = 11;
            public const byte ChunksTotal = 12;
            public const byte ComponentIndex = 13;
            public const byte Count = 14;
        }

        public static class Clock
        {
            public const byte PreviousUnixMs = 1;
            public const byte NewUnixMs = 2;
            public const byte Source = 3;
            public const byte Trusted = 4;
        }

        public static class Configuration
        {
            public const byte Item = 1;
            public const byte OldDigest = 2;
            public const byte NewDigest = 3;
            public const byte Origin = 4;
        }

        public static class Journal
        {
            public const byte DroppedTelemetry = 1;
            public const byte DroppedSecurity = 2;
            public const byte FirstDroppedSequence = 3;
            public const byte LastDroppedSequence = 4;
            public const byte DroppedTelemetryTotal = 5;
            public const byte DroppedSecurityTotal = 6;
            public const byte Reason = 7;
            public const byte UsedBytes = 8;
            public const byte CapacityBytes = 9;
            public const byte ThresholdPercent = 10;
            public const byte Records = 11;
            public const byte TruncatedBytes = 12;
            public const byte SequenceStateLost = 13;
            public const byte OutOfSequenceFound = 14;
            public const byte OutOfSequenceAfter = 15;
        }

        public static class Heartbeat
        {
            public const byte FreeMemoryBytes = 1;
            public const byte UptimeMs = 2;
            public const byte JournalRecords = 3;
            public const byte JournalUsedBytes = 4;
            public const byte JournalCapacityBytes = 5;
            public const byte DroppedTelemetryTotal = 6;
            public const byte DroppedSecurityTotal = 7;
            public const byte UnacknowledgedRecords = 8;
        }
    }
}
