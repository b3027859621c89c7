using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Journal
{
    /// <summary>The journal's small files (state, sequence reservation), replaced all at once with
    /// <see cref="SmallFile.Replace"/> and checked on reading by their magic and trailing CRC-32.</summary>
    internal static class AtomicFile
    {
        /// <summary>The content of <paramref name="name"/> if it has <paramref name="length"/> bytes, the
        /// <paramref name="magic"/> prefix and a valid trailing CRC-32; otherwise null.</summary>
        public static byte[] ReadChecked(IFlashStorage flash, string name, byte[] magic, int length)
        {
            if (!flash.Exists(name))
            {
                return null;
            }

            byte[] content = SmallFile.ReadAvailable(flash, name);
            if (content.Length != length || Frame.ReadCrc(content, length - 4) != Crc32.Compute(content, 0, length - 4))
            {
                return null;
            }

            for (int i = 0; i < magic.Length; i++)
            {
                if (content[i] != magic[i])
                {
                    return null;
                }
            }

            return content;
        }
    }
}
