namespace EdgeSecurity.Firmware.Core.Journal
{
    /// <summary>CRC-32 (IEEE 802.3: reflected, polynomial 0xEDB88320, init and final xor 0xFFFFFFFF) of the
    /// journal's frames and headers. Kept public because tools outside the core (the simulator's journal
    /// tamper fault) recompute frame CRCs; the implementation is shared with the boot state record.</summary>
    public static class Crc32
    {
        public static uint Compute(byte[] data, int offset, int count)
        {
            return Serialization.Crc32.Compute(data, offset, count);
        }
    }
}
