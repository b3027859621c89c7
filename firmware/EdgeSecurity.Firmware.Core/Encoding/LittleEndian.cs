namespace EdgeSecurity.Firmware.Core.Serialization
{
    /// <summary>
    /// The little-endian integer layout of every core byte format, at a known-good index (no BinaryPrimitives
    /// on nanoFramework). Callers check bounds first: <see cref="ByteReader"/> for untrusted input, a CRC or a
    /// fixed record length for the core's own files.
    /// </summary>
    internal static class LittleEndian
    {
        public static int ReadUInt16(byte[] buffer, int at)
        {
            return buffer[at] | (buffer[at + 1] << 8);
        }

        public static uint ReadUInt32(byte[] buffer, int at)
        {
            return buffer[at] | ((uint)buffer[at + 1] << 8) | ((uint)buffer[at + 2] << 16) | ((uint)buffer[at + 3] << 24);
        }

        public static long ReadInt64(byte[] buffer, int at)
        {
            return ReadUInt32(buffer, at) | ((long)ReadUInt32(buffer, at + 4) << 32);
        }

        public static void PutUInt16(byte[] buffer, int at, int value)
        {
            buffer[at] = (byte)value;
            buffer[at + 1] = (byte)(value >> 8);
        }

        public static void PutUInt32(byte[] buffer, int at, uint value)
        {
            buffer[at] = (byte)value;
            buffer[at + 1] = (byte)(value >> 8);
            buffer[at + 2] = (byte)(value >> 16);
            buffer[at + 3] = (byte)(value >> 24);
        }

        public static void PutInt64(byte[] buffer, int at, long value)
        {
            PutUInt32(buffer, at, (uint)value);
            PutUInt32(buffer, at + 4, (uint)(value >> 32));
        }
    }
}
