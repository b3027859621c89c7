namespace EdgeSecurity.Firmware.Core.Journal
{
    /// <summary>A record read back from the journal for upload: its bytes, MAC, and the MAC it was chained to.</summary>
    public sealed class JournalEntry
    {
        public JournalEntry(long sequence, byte[] record, byte[] mac, byte[] previousMac)
        {
            Sequence = sequence;
            Record = record;
            Mac = mac;
            PreviousMac = previousMac;
        }

        public long Sequence { get; private set; }

        public byte[] Record { get; private set; }

        public byte[] Mac { get; private set; }

        public byte[] PreviousMac { get; private set; }
    }
}
