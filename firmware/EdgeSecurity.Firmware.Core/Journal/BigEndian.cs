namespace EdgeSecurity.Firmware.Core.Journal
{
    /// <summary>Big-endian integers in the journal's trusted, CRC-checked files (no BinaryPrimitives on nanoFramework).</summary>
    internal static class BigEndian
    {
        public static uint ReadUInt32(byte[] buffer, int at)
        {
            return ((uint)buffer[at] << 24) | ((uint)buffer[at + 1] << 16) | ((uint)buffer[at + 2] << 8) | buffer[at + 3];
        }

        public static long ReadInt64(byte[] buffer, int at)
        {
            return ((long)ReadUInt32(buffer, at) << 32) | ReadUInt32(buffer, at + 4);
        }

        public static void PutUInt32(byte[] buffer, int at, uint value)
        {
            buffer[at] = (byte)(value >> 24);
            buffer[at + 1] = (byte)(value >> 16);
            buffer[at + 2] = (byte)(value >> 8);
            buffer[at + 3] = (byte)value;
        }

        public static void PutInt64(byte[] buffer, int at, long value)
        {
            PutUInt32(buffer, at, (uint)(value >> 32));
            PutUInt32(buffer, at + 4, (uint)value);
        }
    }
}
