using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Journal
{
    /// <summary>The journal's small fixed-length files (state, sequence reservation): a magic prefix, the
    /// fields, a trailing CRC-32; replaced all at once with <see cref="SmallFile.Replace"/>.</summary>
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
            if (content.Length != length || !Frame.HasValidCrc(content, 0, length - 4) || !Frame.StartsWith(content, magic))
            {
                return null;
            }

            return content;
        }

        /// <summary>Stamps <paramref name="magic"/> at the start and the CRC-32 in the last four bytes of
        /// <paramref name="content"/> (the fields in between are the caller's), then replaces <paramref name="name"/>.</summary>
        public static void WriteChecked(IFlashStorage flash, string name, string tempName, byte[] magic, byte[] content)
        {
            System.Array.Copy(magic, 0, content, 0, magic.Length);
            Frame.WriteCrc(content, content.Length - 4);
            SmallFile.Replace(flash, name, tempName, content);
        }
    }
}
