using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>Reads small files (manifests, trust roots) whole, refusing anything larger than the caller's bound.</summary>
    internal static class SmallFile
    {
        /// <summary>The file's bytes, or null when it is missing, larger than <paramref name="maxLength"/> or shorter than it claims.</summary>
        public static byte[] ReadAll(IFlashStorage storage, string name, int maxLength)
        {
            int length = storage.GetLength(name);
            if (length < 0 || length > maxLength)
            {
                return null;
            }

            byte[] data = new byte[length];
            int done = 0;
            while (done < length)
            {
                int read = storage.Read(name, done, data, done, length - done);
                if (read <= 0)
                {
                    return null;
                }

                done += read;
            }

            return data;
        }

        /// <summary>Replaces <paramref name="name"/> durably and atomically: write a temporary file, flush, rename.</summary>
        public static void ReplaceAtomically(IFlashStorage storage, string name, byte[] data)
        {
            string temporary = name + ".tmp";
            storage.Delete(temporary);
            storage.Write(temporary, 0, data, 0, data.Length);
            storage.Flush(temporary);
            storage.Rename(temporary, name);
        }
    }
}
