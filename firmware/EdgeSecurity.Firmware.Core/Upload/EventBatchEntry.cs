using EdgeSecurity.Firmware.Core.Events;

namespace EdgeSecurity.Firmware.Core.Upload
{
    /// <summary>One record of a decoded batch with its chain link resolved (explicit or the previous entry's MAC).</summary>
    public sealed class EventBatchEntry
    {
        internal EventBatchEntry(byte[] previousMac, byte[] recordBytes, byte[] mac, EventRecord record)
        {
            PreviousMac = previousMac;
            RecordBytes = recordBytes;
            Mac = mac;
            Record = record;
        }

        public byte[] PreviousMac { get; private set; }

        /// <summary>The exact bytes the MAC covers; store these, not a re-encoding.</summary>
        public byte[] RecordBytes { get; private set; }

        public byte[] Mac { get; private set; }

        public EventRecord Record { get; private set; }
    }
}
