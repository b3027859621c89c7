using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Journal
{
    /// <summary>Small files replaced all at once: write a temporary file, flush it, rename it over the
    /// old one (rename is atomic), so after power loss the file is either the old or the new version.</summary>
    internal static class AtomicFile
    {
        public static void Replace(IFlashStorage flash, string name, string tempName, byte[] content)
        {
            if (flash.Exists(tempName))
            {
                flash.Delete(tempName);
            }

            flash.Write(tempName, 0, content, 0, content.Length);
            flash.Flush(tempName);
            flash.Rename(tempName, name);
        }

        /// <summary>The content of <paramref name="name"/> if it has <paramref name="length"/> bytes, the
        /// <paramref name="magic"/> prefix and a valid trailing CRC-32; otherwise null.</summary>
        public static byte[] ReadChecked(IFlashStorage flash, string name, byte[] magic, int length)
        {
            if (!flash.Exists(name))
            {
                return null;
            }

            byte[] content = SegmentFile.ReadAll(flash, name);
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
