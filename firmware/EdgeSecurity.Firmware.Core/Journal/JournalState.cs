using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Journal
{
    /// <summary>
    /// The journal's persistent bookkeeping (docs/formats/events.md §4, `evt/state.bin`): how far the host
    /// acknowledged, and drop counters. Saved atomically; counters are saved before records are removed.
    /// </summary>
    internal sealed class JournalState
    {
        private const int Bytes = 48;
        private static readonly byte[] Magic = new byte[] { (byte)'E', (byte)'S', (byte)'S', (byte)'1' };

        public long AcknowledgedThrough { get; set; }

        public long DroppedTelemetryTotal { get; set; }

        public long DroppedSecurityTotal { get; set; }

        public int UnreportedTelemetry { get; set; }

        public int UnreportedSecurity { get; set; }

        public long FirstUnreportedSequence { get; set; }

        public long LastUnreportedSequence { get; set; }

        public bool HasUnreportedDrops => UnreportedTelemetry > 0 || UnreportedSecurity > 0;

        /// <summary>Adds drops of <paramref name="telemetry"/> + <paramref name="security"/> records whose
        /// sequence numbers lie in [<paramref name="first"/>, <paramref name="last"/>].</summary>
        public void AddDrops(int telemetry, int security, long first, long last)
        {
            if (!HasUnreportedDrops || first < FirstUnreportedSequence)
            {
                FirstUnreportedSequence = first;
            }

            if (last > LastUnreportedSequence)
            {
                LastUnreportedSequence = last;
            }

            UnreportedTelemetry += telemetry;
            UnreportedSecurity += security;
            DroppedTelemetryTotal += telemetry;
            DroppedSecurityTotal += security;
        }

        public void ClearUnreported()
        {
            UnreportedTelemetry = 0;
            UnreportedSecurity = 0;
            FirstUnreportedSequence = 0;
            LastUnreportedSequence = 0;
        }

        public JournalState Clone()
        {
            return (JournalState)MemberwiseClone();
        }

        public static JournalState Load(IFlashStorage flash, string directory)
        {
            var state = new JournalState();
            byte[] content = AtomicFile.ReadChecked(flash, directory + "state.bin", Magic, Bytes);
            if (content == null)
            {
                return state;
            }

            state.AcknowledgedThrough = LittleEndian.ReadInt64(content, 4);
            state.DroppedTelemetryTotal = LittleEndian.ReadUInt32(content, 12);
            state.DroppedSecurityTotal = LittleEndian.ReadUInt32(content, 16);
            state.UnreportedTelemetry = (int)LittleEndian.ReadUInt32(content, 20);
            state.UnreportedSecurity = (int)LittleEndian.ReadUInt32(content, 24);
            state.FirstUnreportedSequence = LittleEndian.ReadInt64(content, 28);
            state.LastUnreportedSequence = LittleEndian.ReadInt64(content, 36);
            return state;
        }

        public void Save(IFlashStorage flash, string directory)
        {
            var content = new byte[Bytes];
            LittleEndian.PutInt64(content, 4, AcknowledgedThrough);
            LittleEndian.PutUInt32(content, 12, (uint)DroppedTelemetryTotal);
            LittleEndian.PutUInt32(content, 16, (uint)DroppedSecurityTotal);
            LittleEndian.PutUInt32(content, 20, (uint)UnreportedTelemetry);
            LittleEndian.PutUInt32(content, 24, (uint)UnreportedSecurity);
            LittleEndian.PutInt64(content, 28, FirstUnreportedSequence);
            LittleEndian.PutInt64(content, 36, LastUnreportedSequence);
            AtomicFile.WriteChecked(flash, directory + "state.bin", directory + "state.tmp", Magic, content);
        }
    }
}
